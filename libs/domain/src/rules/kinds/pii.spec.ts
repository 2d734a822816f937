import fc from 'fast-check';
import { check, spans, textAt } from '../testing/check-rule';

const email = { kind: 'pii', kinds: ['email'] } as const;
const phone = { kind: 'pii', kinds: ['phone'] } as const;
const found = (rule: typeof email | typeof phone, text: string) =>
  check(rule, text).map((f) => textAt(text, f.location!));

describe('pii: email', () => {
  it('reports an address without repeating it', () => {
    const findings = check(email, 'Ask\r\n😀 jane.doe+news@mail.acme.co.uk today.');
    expect(findings).toEqual([
      {
        ruleId: 'r',
        severity: 'error',
        message: expect.stringMatching(
          /^Possible e-mail address \(personal data\): remove it, or use .*contact address/,
        ),
        location: { line: 2, column: 3, length: 29 },
      },
    ]);
    expect(findings[0].message).not.toContain('jane');
  });

  it('finds addresses in markup and mailto links', () => {
    expect(found(email, '<a href="mailto:bob@acme.io">bob@acme.io</a>')).toEqual([
      'bob@acme.io',
      'bob@acme.io',
    ]);
  });

  it('ignores reserved example domains, file names, URL user names and handles', () => {
    const text =
      'user@example.com a@sub.example.org x@host.test logo@2x.png icon@3x.svg https://user@quorate.io @quorate/api a@b';
    expect(check(email, text)).toEqual([]);
  });

  it('does not take the password of a URL with user information for an address', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('postgres', 'https', 'redis', 'mongodb+srv', 'amqp', 'ftp'),
        fc.stringMatching(/^[a-z][a-z0-9._-]{0,11}$/),
        fc.stringMatching(/^[A-Za-z0-9._~-]{1,20}$/),
        (scheme, user, password) => {
          const text = `DATABASE_URL=${scheme}://${user}:${password}@db.acme.io:5432/app`;
          expect(check(email, text)).toEqual([]);
        },
      ),
    );
    expect(found(email, 'https://a:b@acme.io/ and ops@acme.io')).toEqual(['ops@acme.io']);
  });

  it('says what to do instead', () => {
    const [finding] = check(email, 'jane@acme.io');
    expect(finding.message).toBe(
      "Possible e-mail address (personal data): remove it, or use the team's published contact address (a role address such as press@ or support@)",
    );
    const [number] = check(phone, 'Call +44 20 7946 0958');
    expect(number.message).toBe(
      "Possible phone number (personal data): remove it, or use the company's published contact number",
    );
  });
});

describe('pii: phone', () => {
  it.each([
    '+1 (415) 555-2671',
    '+44 20 7946 0958',
    '+33 6 12 34 56 78',
    '+4915123456789',
    '0044 20 7946 0958',
    '0033 6 12 34 56 78',
    '004915123456789',
    '001 (415) 555-2671',
    '0041-44-668-18-00',
    '(415) 555-2671',
    '415-555-2671',
    '415.555.2671',
    '1-800-555-0199',
    '020 7946 0958',
    '030 12345678',
    '06 12 34 56 78',
  ])('finds %s', (number) => {
    expect(found(phone, `Call ${number}.`)).toEqual([number]);
  });

  it('finds international numbers written with 00 as with +', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99 }),
        fc.array(fc.stringMatching(/^[0-9]{2,4}$/), { minLength: 3, maxLength: 4 }),
        fc.constantFrom(' ', '-'),
        (country, groups, separator) => {
          const rest = groups.join(separator);
          fc.pre(rest.replace(/\D/g, '').length + String(country).length >= 8);
          const plus = `+${country} ${rest}`;
          const zeros = `00${country} ${rest}`;
          expect(found(phone, `Call ${zeros} now`)).toEqual(
            found(phone, `Call ${plus} now`).length ? [zeros] : [],
          );
        },
      ),
    );
  });

  it('finds a tel: link', () => {
    expect(found(phone, '<a href="tel:+14155552671">call</a>')).toEqual(['+14155552671']);
  });

  it.each([
    ['a date', '2024-01-15'],
    ['a US date', '01-15-2024'],
    ['a time stamp', '1700000000'],
    ['an IP address', '192.168.100.200'],
    ['a version', '1.2.3'],
    ['an SVG viewBox', 'viewBox="0 0 1024 768"'],
    ['SVG points', 'points="10 20 30 40 50 60 70 80"'],
    ['a thousands-grouped amount', '1 000 000 and 12,345,678'],
    ['an ISBN', '978-3-16-148410-0'],
    ['mixed separators', '415-555.2671'],
    ['a sum in code', 'x = y +1234567;'],
    ['too few digits after +', '+1 234'],
    ['a card-like run', '4111 1111 1111 1111'],
    ['too few digits after 00', '0044 123'],
    ['a zero-padded id', 'order 00000000123'],
    ['a run too long for E.164 after 00', '0044 1234 5678 9012 3456'],
  ])('ignores %s', (_what, text) => {
    expect(check(phone, text)).toEqual([]);
  });

  it('locates several numbers across lines', () => {
    expect(spans(check(phone, 'a 415-555-2671\r\nb +44 20 7946 0958'))).toEqual([
      [1, 3, 12],
      [2, 3, 16],
    ]);
  });
});

it('pii checks only the kinds it is given', () => {
  const text = 'bob@acme.io 415-555-2671';
  expect(check(email, text)).toHaveLength(1);
  expect(check(phone, text)).toHaveLength(1);
  expect(check({ kind: 'pii', kinds: ['email', 'phone'] }, text)).toHaveLength(2);
});
