import { check, spans, textAt } from '../testing/check-rule';

describe('link-domains', () => {
  const rule = { kind: 'link-domains', domains: ['quorate.io', 'Example.ORG'] } as const;
  const hosts = (text: string, mediaType?: string) =>
    check(rule, text, mediaType).map((f) => /Link to "([^"]*)"/.exec(f.message)?.[1]);

  it('allows the domains and their subdomains, in any case', () => {
    expect(
      check(rule, 'See https://quorate.io, https://docs.quorate.io/x?y#z and HTTP://WWW.EXAMPLE.ORG.'),
    ).toEqual([]);
  });

  it('reports other hosts with the link location', () => {
    const text = 'Intro\r\n😀 Visit https://evil.com/path?q=1.';
    const findings = check(rule, text);
    expect(findings).toEqual([
      {
        ruleId: 'r',
        severity: 'error',
        message: 'Link to "evil.com" is outside the allowed domains (quorate.io, example.org)',
        location: { line: 2, column: 9, length: 25 },
      },
    ]);
    expect(textAt(text, findings[0].location!)).toBe('https://evil.com/path?q=1');
  });

  it('does not take a look-alike suffix for a subdomain', () => {
    expect(hosts('https://notquorate.io https://quorate.io.evil.com https://quorate.iox')).toEqual([
      'notquorate.io',
      'quorate.io.evil.com',
      'quorate.iox',
    ]);
  });

  it('reads the host the way a browser does', () => {
    expect(hosts('https://quorate.io@evil.com/ and https://evil.com\\@quorate.io/')).toEqual([
      'evil.com',
      'evil.com',
    ]);
    const [lookalike] = hosts('https://qu\u043erate.io (Cyrillic o)');
    expect(lookalike).toMatch(/^xn--.*\.io$/);
    expect(hosts('<a href="https:evil.com">x</a>', 'text/html')).toEqual(['evil.com']);
    expect(hosts('ftp://files.evil.com wss://evil.com:8443/socket')).toEqual(['files.evil.com', 'evil.com']);
  });

  it('finds protocol-relative links in markup and Markdown, and bare www. names', () => {
    const html =
      '<a href="//evil.com/x">a</a> <img src=//cdn.quorate.io/a.png> <style>a{background:url(//evil.net/i.png)}</style>';
    expect(hosts(html, 'text/html')).toEqual(['evil.com', 'evil.net']);
    expect(hosts('[x](//evil.com) and www.evil.com/page, www.quorate.io')).toEqual([
      'evil.com',
      'www.evil.com',
    ]);
  });

  it('trims sentence punctuation but keeps brackets that belong to the URL', () => {
    const text = '(see https://evil.com/wiki/Foo_(bar)), and [x](https://evil.com/a).';
    expect(check(rule, text).map((f) => textAt(text, f.location!))).toEqual([
      'https://evil.com/wiki/Foo_(bar)',
      'https://evil.com/a',
    ]);
  });

  it('ignores text that only resembles a link', () => {
    expect(
      check(rule, 'Use https: always. // a comment. file.www.txt, mailto:a@b.c, xhttps://evil.com'),
    ).toEqual([]);
  });

  it('ignores links a browser could not follow', () => {
    expect(check(rule, 'https://evil.com:99999/ and http://[::1')).toEqual([]);
  });

  it('locates several links on several lines', () => {
    expect(spans(check(rule, 'a http://x.io\nb\r\nhttps://y.io/z'))).toEqual([
      [1, 3, 11],
      [3, 1, 14],
    ]);
  });
});
