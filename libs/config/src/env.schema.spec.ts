import { generateNoteKeys } from '@app/domain';
import { ConfigError, DEVELOPMENT_JWT_SECRET, validateEnv } from './env.schema';

describe('environment schema', () => {
  it('defaults to the local PostgreSQL and Redis', () => {
    const env = validateEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/quorate');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.DEMO_MODE).toBe(true);
  });

  it('turns demo mode off in production unless asked for', () => {
    const JWT_SECRET = 'a-production-secret-of-at-least-32-characters';
    expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET }).DEMO_MODE).toBe(false);
    expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET, DEMO_MODE: 'true' }).DEMO_MODE).toBe(true);
  });

  it('parses numbers and booleans from strings', () => {
    const env = validateEnv({ PORT: '8080', DEMO_MODE: 'no', WORKER_CONCURRENCY: '3' });
    expect(env).toMatchObject({ PORT: 8080, DEMO_MODE: false, WORKER_CONCURRENCY: 3 });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['REDIS_URL', 'localhost:6379'],
    ['NODE_ENV', 'staging'],
    ['DEMO_MODE', 'maybe'],
    ['QUEUE_PREFIX', 'has space'],
  ])('names %s when it is malformed', (name, value) => {
    expect(() => validateEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => validateEnv({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('lists every bad variable at once', () => {
    expect(() => validateEnv({ PORT: 'x', REDIS_URL: 'y' })).toThrow(
      /PORT[\s\S]*REDIS_URL|REDIS_URL[\s\S]*PORT/,
    );
  });

  it('refuses to start in production without a secret of its own', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(
      /JWT_SECRET/,
    );
    expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    const secret = 'a'.repeat(20) + 'production-secret-xyz';
    const ledgerKey = generateNoteKeys('quorate.test/ledger').signerKey;
    expect(
      validateEnv({ NODE_ENV: 'production', JWT_SECRET: secret, LEDGER_SIGNING_KEY: ledgerKey }).JWT_SECRET,
    ).toBe(secret);
  });

  it('uses the development secret only outside production', () => {
    expect(validateEnv({}).JWT_SECRET).toBe(DEVELOPMENT_JWT_SECRET);
  });
});
