import { forbiddenRange, webhookUrlProblem } from './webhook-address';

describe('webhook addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['10.0.0.1', 'private'],
    ['100.100.0.1', 'carrierGradeNat'],
    ['fd00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['239.1.1.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['not an address', 'invalid'],
  ])('refuses %s as %s', (address, range) => {
    expect(forbiddenRange(address)).toBe(range);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(forbiddenRange(address)).toBeNull();
  });

  it.each([
    ['https://hooks.example.com/quorate?x=1', null],
    ['http://93.184.216.34:8080/hook', null],
    ['http://[2606:4700::1111]/', null],
    ['ftp://example.com/', /http\(s\)/],
    ['example.com/hook', /absolute/],
    ['https://user@example.com/', /password/],
    ['https://:pw@example.com/', /password/],
    ['http://0x7f000001/', /four decimal/],
    ['http://2130706433/', /four decimal/],
    ['http://0177.0.0.1/', /four decimal/],
    ['http://127.1/', /four decimal/],
    ['http://0x5d.0xb8.0xd8.0x22/', /four decimal/],
  ])('judges the form of %s', (url, problem) => {
    if (problem === null) expect(webhookUrlProblem(url)).toBeNull();
    else expect(webhookUrlProblem(url)).toMatch(problem);
  });
});
