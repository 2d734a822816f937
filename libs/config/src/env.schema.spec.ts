import { generateNoteKeys } from '@app/domain';
import { ConfigError, validateEnv } from './env.schema';

/** The least a production deployment must configure. */
function production(): Record<string, string | undefined> {
  return {
    NODE_ENV: 'production',
    JWT_SECRET: 'a-production-jwt-secret-of-at-least-32-characters',
    WEBHOOK_SECRET: 'a-production-webhook-secret-of-at-least-32-chars',
    METRICS_TOKEN: 'a-production-metrics-token',
    LEDGER_SIGNING_KEY: generateNoteKeys('quorate.test/ledger').signerKey,
  };
}

describe('environment schema', () => {
  it('defaults to the local PostgreSQL and Redis', () => {
    const env = validateEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/quorate');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.DEMO_MODE).toBe(true);
  });

  it('listens on loopback unless HOST says otherwise', () => {
    expect(validateEnv({}).HOST).toBe('127.0.0.1');
    expect(validateEnv({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(() => validateEnv({ HOST: 'a host; rm -rf' })).toThrow(/\bHOST\b/);
  });

  it('turns demo mode off in production unless asked for', () => {
    expect(validateEnv(production()).DEMO_MODE).toBe(false);
    expect(validateEnv({ ...production(), DEMO_MODE: 'true' }).DEMO_MODE).toBe(true);
  });

  it('keeps webhooks off private addresses, with a day of grace after a rotation, unless told otherwise', () => {
    expect(validateEnv({})).toMatchObject({
      WEBHOOK_ALLOW_PRIVATE: false,
      WEBHOOK_GRACE_SECONDS: 86400,
    });
    expect(validateEnv({ WEBHOOK_ALLOW_PRIVATE: 'true' }).WEBHOOK_ALLOW_PRIVATE).toBe(true);
  });

  it('links to the web app at PUBLIC_URL, by default this machine on PORT', () => {
    expect(validateEnv({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(validateEnv({ PUBLIC_URL: 'https://quorate.example.com/' }).PUBLIC_URL).toBe(
      'https://quorate.example.com',
    );
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
    ['WEBHOOK_ALLOW_PRIVATE', 'sometimes'],
    ['WEBHOOK_GRACE_SECONDS', '-1'],
    ['PUBLIC_URL', 'quorate.example.com'],
    ['DATABASE_DIRECT_URL', 'mysql://localhost/x'],
    ['REDIS_CLUSTER', 'sometimes'],
    ['PUBLIC_URL', 'https://quorate.example.com/?a=b'],
  ])('names %s when it is malformed', (name, value) => {
    expect(() => validateEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => validateEnv({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('connects the sequencer directly only when told to', () => {
    expect(validateEnv({}).DATABASE_DIRECT_URL).toBeUndefined();
    const direct = 'postgres://postgres@127.0.0.1:5432/quorate';
    expect(validateEnv({ DATABASE_DIRECT_URL: direct }).DATABASE_DIRECT_URL).toBe(direct);
  });

  it('accepts a Redis Cluster only with a hash-tagged QUEUE_PREFIX and database 0', () => {
    expect(validateEnv({}).REDIS_CLUSTER).toBe(false);
    expect(validateEnv({ REDIS_CLUSTER: 'true', QUEUE_PREFIX: '{quorate}' }).REDIS_CLUSTER).toBe(true);
    expect(() => validateEnv({ REDIS_CLUSTER: 'true' })).toThrow(/QUEUE_PREFIX: .*hash tag/);
    expect(() => validateEnv({ REDIS_CLUSTER: 'true', QUEUE_PREFIX: 'a{}b' })).toThrow(/QUEUE_PREFIX/);
    expect(() =>
      validateEnv({ REDIS_CLUSTER: 'true', QUEUE_PREFIX: '{q}', REDIS_URL: 'redis://127.0.0.1:7000/3' }),
    ).toThrow(/REDIS_URL: .*database 0/);
  });

  it('lists every bad variable at once', () => {
    expect(() => validateEnv({ PORT: 'x', REDIS_URL: 'y' })).toThrow(
      /PORT[\s\S]*REDIS_URL|REDIS_URL[\s\S]*PORT/,
    );
  });

  it.each(['JWT_SECRET', 'WEBHOOK_SECRET', 'METRICS_TOKEN', 'LEDGER_SIGNING_KEY'])(
    'refuses to start in production without a %s of its own',
    (name) => {
      expect(() => validateEnv({ ...production(), [name]: undefined })).toThrow(new RegExp(name));
    },
  );

  it.each([
    ['JWT_SECRET', 'quorate-development-secret-do-not-use-in-production'],
    ['JWT_SECRET', 'short'],
    ['WEBHOOK_SECRET', 'quorate-development-webhook-secret-not-for-production'],
    ['WEBHOOK_SECRET', 'changeme'],
    ['METRICS_TOKEN', 'short'],
  ])('refuses %s = %s in production', (name, value) => {
    expect(() => validateEnv({ ...production(), [name]: value })).toThrow(new RegExp(name));
  });

  it('refuses the formerly built-in development secrets everywhere, not only in production', () => {
    expect(() => validateEnv({ JWT_SECRET: 'quorate-development-secret-do-not-use-in-production' })).toThrow(
      /JWT_SECRET/,
    );
  });

  it('starts in production with secrets of its own', () => {
    const env = production();
    expect(validateEnv(env)).toMatchObject({
      JWT_SECRET: env.JWT_SECRET,
      WEBHOOK_SECRET: env.WEBHOOK_SECRET,
    });
  });

  it('has no built-in secret outside production: a missing one is generated and stored at start-up', () => {
    const env = validateEnv({});
    expect(env.JWT_SECRET).toBeUndefined();
    expect(env.WEBHOOK_SECRET).toBeUndefined();
  });
});
