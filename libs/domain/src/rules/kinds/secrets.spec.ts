import fc from 'fast-check';
import { check, textAt } from '../testing/check-rule';

/*
 * Credential-shaped test values are assembled at run time so that this file does not itself trip
 * the secret scanners of the repository host.
 */
const join = (...parts: string[]) => parts.join('');
const AWS_KEY_ID = join('AKIA', 'Q3EGRS4NJYXRT6WB');
const AWS_SECRET = join('k7Qx2Lp9', 'Vb3Nm8Rt5Yw1Zs6D/4Gh0Jk2+p9Vb3Nm');
const GITHUB_PAT = join('gh', 'p_', 'R8vN2kQ7xL4mT9wB3cY6pZ1sD5fG0hJ8aE2u');
const GITHUB_FINE = join('github', '_pat_', '11ABCDEFG0', 'x'.repeat(12), '_', 'Q7w'.repeat(19), 'z2');
const SLACK_BOT = join('xo', 'xb-', '123456789012-', '1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx');
const SLACK_HOOK = join(
  'https://hooks.slack.com/services/',
  'T01ABCDEF/',
  'B02GHIJKL/',
  'a1B2c3D4e5F6g7H8i9J0k1L2',
);
const STRIPE_LIVE = join('sk', '_live_', '51H8xQ2LkZ9vB3nM7tR4yW6p');
const GOOGLE_KEY = join('AIz', 'a', 'SyD3x9Kq2Lm7Vb4Nt8Rw1Zc6Fh0Jp5Gs3Yk');
const QUORATE_KEY = join('qk', '_', 'Zm9v3Kq8Lx2Vb7Nt4Rw1Yc6Hs0Jp5Gd');
const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';

const rule = { kind: 'secrets' } as const;
const found = (text: string) => check(rule, text).map((f) => [textAt(text, f.location!), f.message]);

describe('secrets: credentials with a documented shape', () => {
  it.each([
    ['AWS access key ID', AWS_KEY_ID],
    ['GitHub token', GITHUB_PAT],
    ['GitHub token', GITHUB_FINE],
    ['Slack token', SLACK_BOT],
    ['Slack token', SLACK_HOOK],
    ['Stripe live key', STRIPE_LIVE],
    ['Google API key', GOOGLE_KEY],
    ['Quorate API key', QUORATE_KEY],
  ])('finds a %s and does not repeat it', (label, secret) => {
    const findings = found(`const x = fetch(url, { auth: ${secret} });`);
    expect(findings).toEqual([[secret, `Possible ${label}; remove it and rotate the credential`]]);
    expect(findings[0][1]).not.toContain(secret.slice(4, 12));
  });

  it('locates a key after Unicode and CRLF lines', () => {
    const text = `# Config\r\n\r\n😀 key: ${AWS_KEY_ID}`;
    expect(check(rule, text)[0].location).toEqual({ line: 3, column: 8, length: 20 });
  });

  it('finds the AWS secret access key only next to its name, and points at the value', () => {
    for (const line of [
      `aws_secret_access_key = ${AWS_SECRET}`,
      `AWS_SECRET_ACCESS_KEY="${AWS_SECRET}"`,
      `{"SecretAccessKey": "${AWS_SECRET}"}`,
    ]) {
      expect(found(line)).toEqual([
        [AWS_SECRET, 'Possible AWS secret access key; remove it and rotate the credential'],
      ]);
    }
    expect(found(`checksum = ${AWS_SECRET}`)).toEqual([]);
  });

  it('finds a private key block that holds key material', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`;
    expect(found(`key:\n${pem}`)).toEqual([
      ['-----BEGIN RSA PRIVATE KEY-----', 'Possible private key; remove it and rotate the credential'],
    ]);
    expect(found(`"-----BEGIN PRIVATE KEY-----\\n${PEM_BODY}\\n-----END PRIVATE KEY-----\\n"`)).toHaveLength(
      1,
    );
    expect(found(`-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY}`)).toHaveLength(1);
  });

  it('ignores near misses', () => {
    const text = [
      join('AKIA', 'IOSFODNN7EXAMPLE'), // AWS's documentation key
      join('XAKIA', 'Q3EGRS4NJYXRT6WB'), // part of a longer word
      join('AKIA', 'Q3EGRS4NJYXRT6WB7'), // one character too many
      join('gh', 'p_', 'tooShort123'),
      join('xo', 'xb-', 'not-a-real-token-this-will-not-work'),
      join('sk', '_test_', '51H8xQ2LkZ9vB3nM7tR4yW6p'),
      '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
      '-----BEGIN PUBLIC KEY-----',
      'git commit a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
    ].join('\n');
    expect(found(text)).toEqual([]);
  });
});

describe('secrets: credential assignments', () => {
  const value = 'x7Kq2Lm9Vb4Nt8Rw1Zc6';

  it.each([
    [`api_key = "${value}"`, 'api_key'],
    [`const apiKey = '${value}';`, 'apiKey'],
    [`{"client_secret": "${value}"}`, 'client_secret'],
    [`headers['x-api-key'] = '${value}'`, 'x-api-key'],
    [`config.authToken: \`${value}\``, 'config.authToken'],
    [`DB_PASSWORD=${value}`, 'DB_PASSWORD'],
    [`export GITHUB_TOKEN=${value} # ci`, 'GITHUB_TOKEN'],
    [`  secret: ${value}`, 'secret'],
    [`API_KEY_PROD="${value}"`, 'API_KEY_PROD'],
  ])('finds %s', (text, name) => {
    expect(found(text)).toEqual([
      [value, `Possible hard-coded credential in "${name}"; move it to a secret store and rotate it`],
    ]);
  });

  it.each([
    ['a placeholder', 'api_key = "<your-api-key-goes-here-1>"'],
    ['an interpolation', 'api_key = "${API_KEY_FROM_ENV_123}"'],
    ['a template', 'token: "{{ secrets.DEPLOY_TOKEN_1 }}"'],
    ['masked text', 'password = "****************1"'],
    ['an environment lookup', 'const apiKey = process.env.API_KEY_12345678;'],
    ['a sentence', 'password: "Password must be at least 12 characters"'],
    ['a URL', 'token_url = "https://auth.quorate.io/oauth2/token1"'],
    ['a path', 'secret_file = "/run/secrets/db_password_2"'],
    ['low entropy', 'api_key = "aaaaaaaaaaaaaaaa1"'],
    ['no digits', 'api_key = "abcdefghijklmnopqrstuvwxyz"'],
    ['too short', 'api_key = "a1b2c3d4e5f6"'],
    ['a name that holds no credential', `commit = "${value}"`],
    ['a name that only starts like one', `tokenizerModel = "${value}"`],
    ['an unquoted value mid-line', `call(api_key=${value})`],
  ])('ignores %s', (_what, text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports a known token assigned to a credential name once, as the token', () => {
    expect(found(`GITHUB_TOKEN="${GITHUB_PAT}"`)).toEqual([
      [GITHUB_PAT, 'Possible GitHub token; remove it and rotate the credential'],
    ]);
  });
});

describe('secrets: passwords in URLs', () => {
  const URL_PASSWORD = 'Possible password in a URL; remove it and rotate the credential';

  it('reports the password part of scheme://user:password@host, wherever the URL stands', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('postgres', 'postgresql', 'mysql', 'redis', 'mongodb+srv', 'amqps', 'https', 'smtp'),
        fc.stringMatching(/^[a-z][a-z0-9._-]{0,11}$/),
        fc.stringMatching(/^[A-Za-z0-9._~!%+=-]{6,30}$/),
        fc.constantFrom('DATABASE_URL=', 'url: "', '连接', 'See ', '<a href="'),
        (scheme, user, password, before) => {
          fc.pre(!/^(?:pass(?:word)?|passwd|pwd|pw|secret|x+|\.+)$/i.test(password));
          fc.pre(!/your|example|placeholder|changeme|dummy|sample|redacted|replace/i.test(password));
          const text = `${before}${scheme}://${user}:${password}@db.acme.io:5432/app`;
          expect(found(text)).toContainEqual([password, URL_PASSWORD]);
        },
      ),
    );
  });

  it('leaves placeholders, user names without passwords and ports alone', () => {
    for (const text of [
      'postgres://user:password@localhost/db',
      'postgres://app:<password>@db/app',
      'redis://:${REDIS_PASSWORD}@cache:6379',
      'https://user@quorate.io/',
      'https://quorate.io:8443/path@v2',
      'mongodb://admin:****@mongo',
    ]) {
      expect([text, found(text)]).toEqual([text, []]);
    }
  });
});

it('secrets checks only the kinds it is given', () => {
  const text = `${AWS_KEY_ID} ${GITHUB_PAT}`;
  expect(check({ kind: 'secrets', kinds: ['github-token'] }, text).map((f) => f.message)).toEqual([
    'Possible GitHub token; remove it and rotate the credential',
  ]);
  expect(check(rule, text)).toHaveLength(2);
});
