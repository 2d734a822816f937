import { generateNoteKeys } from '@app/domain';
import { ConfigError, validateEnv } from './env.schema';
import { DEFAULT_LEDGER_ORIGIN } from './ledger-env';

describe('ledger key settings', () => {
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: 'p'.repeat(40),
    WEBHOOK_SECRET: 'w'.repeat(40),
    METRICS_TOKEN: 'm'.repeat(20),
  };
  const keys = generateNoteKeys('ledger.example.com/log');

  it('refuses to start in production without a signing key, saying how to make one', () => {
    expect(() => validateEnv(production)).toThrow(ConfigError);
    expect(() => validateEnv(production)).toThrow(/LEDGER_SIGNING_KEY[\s\S]*ledger:keygen/);
  });

  it('takes the origin from the key in production', () => {
    const env = validateEnv({ ...production, LEDGER_SIGNING_KEY: keys.signerKey });
    expect(env.LEDGER_ORIGIN).toBe('ledger.example.com/log');
  });

  it('uses a default origin outside production, where a key is generated on first run', () => {
    expect(validateEnv({}).LEDGER_ORIGIN).toBe(DEFAULT_LEDGER_ORIGIN);
    expect(validateEnv({ LEDGER_ORIGIN: 'dev.example/log' }).LEDGER_ORIGIN).toBe('dev.example/log');
  });

  it('refuses a malformed key without echoing it', () => {
    const broken = keys.signerKey.slice(0, -4) + 'AAAA';
    const attempt = () => validateEnv({ LEDGER_SIGNING_KEY: broken });
    expect(attempt).toThrow(/LEDGER_SIGNING_KEY/);
    expect(attempt).not.toThrow(broken);
    expect(() => validateEnv({ LEDGER_SIGNING_KEY: 'not-a-key' })).toThrow(/LEDGER_SIGNING_KEY/);
  });

  it('refuses an origin that differs from the key name, and one that is not a key name', () => {
    expect(() => validateEnv({ LEDGER_SIGNING_KEY: keys.signerKey, LEDGER_ORIGIN: 'other/log' })).toThrow(
      /LEDGER_ORIGIN/,
    );
    expect(() => validateEnv({ LEDGER_ORIGIN: 'has space' })).toThrow(/LEDGER_ORIGIN/);
  });
});
