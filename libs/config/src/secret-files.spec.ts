import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateNoteKeys } from '@app/domain';
import { ConfigError, validateEnv } from './env.schema';

describe('secrets from files (<NAME>_FILE)', () => {
  let dir: string;
  const file = (name: string, contents: string): string => {
    const path = join(dir, name);
    writeFileSync(path, contents, { mode: 0o600 });
    return path;
  };

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'quorate-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every secret of a production deployment from its file, without the trailing newline', () => {
    const ledgerKey = generateNoteKeys('compose.test/ledger').signerKey;
    const env = validateEnv({
      NODE_ENV: 'production',
      JWT_SECRET_FILE: file('jwt', 'j'.repeat(40) + '\n'),
      WEBHOOK_SECRET_FILE: file('webhook', 'w'.repeat(40)),
      METRICS_TOKEN_FILE: file('metrics', 'm'.repeat(20) + '\n'),
      LEDGER_SIGNING_KEY_FILE: file('ledger', `${ledgerKey}\n`),
    });
    expect(env).toMatchObject({
      JWT_SECRET: 'j'.repeat(40),
      WEBHOOK_SECRET: 'w'.repeat(40),
      METRICS_TOKEN: 'm'.repeat(20),
      LEDGER_SIGNING_KEY: ledgerKey,
      LEDGER_ORIGIN: 'compose.test/ledger',
    });
  });

  it('checks a value from a file like one from the environment', () => {
    expect(() => validateEnv({ JWT_SECRET_FILE: file('short', 'too-short') })).toThrow(
      /JWT_SECRET: JWT_SECRET must be at least 32 characters/,
    );
  });

  it.each([
    [
      'a missing file',
      () => ({ WEBHOOK_SECRET_FILE: join(dir, 'absent') }),
      /WEBHOOK_SECRET_FILE: cannot read .*absent \(ENOENT\)/,
    ],
    [
      'an empty file',
      () => ({ WEBHOOK_SECRET_FILE: file('empty', '\n') }),
      /WEBHOOK_SECRET_FILE: .*empty is empty/,
    ],
  ])('refuses %s, naming the variable', (_case, env, message) => {
    expect(() => validateEnv(env())).toThrow(ConfigError);
    expect(() => validateEnv(env())).toThrow(message);
  });

  it('takes a variable that is set over its file, without reading the file', () => {
    const env = validateEnv({ WEBHOOK_SECRET: 'x'.repeat(40), WEBHOOK_SECRET_FILE: join(dir, 'absent') });
    expect(env.WEBHOOK_SECRET).toBe('x'.repeat(40));
  });

  it('never puts the contents of a bad file in the message', () => {
    const secret = 'a-secret-that-is-just-too-short';
    expect(() => validateEnv({ JWT_SECRET_FILE: file('jwt', secret) })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
  });
});

describe('LOG_FORMAT', () => {
  it('is pretty, json, or unset (decided by the terminal)', () => {
    expect(validateEnv({}).LOG_FORMAT).toBeUndefined();
    expect(validateEnv({ LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
    expect(validateEnv({ LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(() => validateEnv({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });
});
