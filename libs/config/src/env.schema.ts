import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { resolveLedgerSettings } from './ledger-env';
import { resolveSecretFiles } from './secret-files';

const NODE_ENVS = ['development', 'production', 'test'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['pretty', 'json'] as const;

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/** Every setting Quorate reads from the environment, with the defaults of a local machine. */
export class Env {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Address the HTTP API listens on: loopback unless told otherwise (containers set 0.0.0.0). */
  @IsString()
  @Matches(/^[0-9A-Za-z.:_-]{1,253}$/, { message: 'HOST must be an address or host name, such as 127.0.0.1' })
  HOST = '127.0.0.1';

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/quorate';

  /**
   * A direct (not pooled) connection for what a transaction-mode pooler such as PgBouncer cannot
   * carry: the ledger sequencer's session-level election lock and LISTEN, and migrations.
   * Defaults to DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_DIRECT_URL must be a postgres:// URL' })
  DATABASE_DIRECT_URL?: string;

  /** Connections each process keeps to PostgreSQL. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * REDIS_URL names one node of a Redis Cluster; the others are discovered from it. Every key of a
   * queue must then share a slot, so QUEUE_PREFIX must carry a hash tag, such as {quorate}.
   */
  @Transform(toBoolean)
  @IsBoolean()
  REDIS_CLUSTER = false;

  /** Key prefix of every BullMQ key; lets several deployments or test files share one Redis. */
  @Matches(/^[A-Za-z0-9_:{}.-]{1,64}$/, {
    message: 'QUEUE_PREFIX must be 1-64 characters of A-Z a-z 0-9 _ : { } . -',
  })
  QUEUE_PREFIX = 'quorate';

  /** Demo mode creates, migrates and seeds the database at start-up. Off by default in production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_MODE?: boolean;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Unset: pretty on a terminal, JSON otherwise (a file, a pipe, a log collector). */
  @IsOptional()
  @IsIn(LOG_FORMATS)
  LOG_FORMAT?: (typeof LOG_FORMATS)[number];

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_CONCURRENCY = 8;

  /** How long a worker holds a job before another may take it over (BullMQ lockDuration). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  JOB_LOCK_MS = 30000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  RECONCILE_INTERVAL_MS = 10000;

  /** Largest asset content accepted, in bytes (decoded). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64 * 1024 * 1024)
  MAX_CONTENT_BYTES = 5 * 1024 * 1024;

  /** Worker threads per process that run brand rules, off the event loop that renews job locks. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  RULE_THREADS = 2;

  /** Longest one run of a rule set may take; past it the thread is stopped and the version fails. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(600_000)
  RULE_TIMEOUT_MS = 10_000;

  /** Heap limit of each rule thread, in MiB; a run that needs more fails its version. */
  @Transform(toInt)
  @IsInt()
  @Min(32)
  @Max(16_384)
  RULE_THREAD_MEMORY_MB = 256;

  @IsOptional()
  @IsString()
  CORS_ORIGIN?: string;

  /** Set when the API runs behind one reverse proxy, so client addresses come from X-Forwarded-For. */
  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  /**
   * Signs people's access tokens. Required in production; at least 32 characters. Elsewhere a random
   * one is generated on first run and stored in the database (ServiceSecrets).
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>` when set. Required in production. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** Derives each webhook's signing secret. Required in production (else generated and stored, as JWT_SECRET). */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'WEBHOOK_SECRET must be at least 32 characters' })
  WEBHOOK_SECRET?: string;

  /** Lets webhooks call loopback, private and link-local addresses: for development and tests only. */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE = false;

  /** How long a webhook's previous secret keeps signing deliveries after a rotation. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30 * 24 * 3600)
  WEBHOOK_GRACE_SECONDS = 24 * 3600;

  /** Where people reach the web app; links in chat notifications start with it. Defaults to http://localhost:PORT. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: 'PUBLIC_URL must be an http(s) URL without query or fragment',
  })
  PUBLIC_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(24 * 3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS = 14 * 24 * 3600;

  /** Login attempts allowed per client address per minute, across all API instances. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 20;

  /** Submissions allowed per bot per minute, across all API instances. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SUBMIT_RATE_LIMIT = 1200;

  /** Content bytes each bot may submit per UTC day, counted with each submission (1 GiB by default). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  BOT_DAILY_BYTES = 1024 * 1024 * 1024;

  /** Requests per client address per minute to each public ledger endpoint (key, checkpoint, proofs). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_RATE_LIMIT = 600;

  /** Failed logins for one account before each further attempt must wait, doubling each time. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LOCKOUT_THRESHOLD = 5;

  /** The ledger's Ed25519 key in signed-note form, PRIVATE+KEY+<name>+<id>+<key>. Required in production. */
  @IsOptional()
  @Matches(/^PRIVATE\+KEY\+\S+$/, {
    message: 'LEDGER_SIGNING_KEY must be a signed-note signer key, PRIVATE+KEY+<name>+<id>+<key>',
  })
  LEDGER_SIGNING_KEY?: string;

  /** The ledger's name in its checkpoints, such as example.com/ledger; defaults to the key's name. */
  @IsOptional()
  @IsString()
  LEDGER_ORIGIN?: string;
}

/** Values from examples and earlier releases, refused as secrets anywhere: they are public. */
const KNOWN_DEFAULT_SECRETS = new Set([
  'quorate-development-secret-do-not-use-in-production',
  'quorate-development-webhook-secret-not-for-production',
  'secret',
  'changeme',
  'change-me',
]);
const SECRET_NAMES = ['JWT_SECRET', 'WEBHOOK_SECRET', 'METRICS_TOKEN'] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and checks the environment; throws one error that names every bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const secrets = resolveSecretFiles(raw);
  if (secrets.problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${secrets.problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const known = Object.keys(new Env()).concat(
    'DEMO_MODE',
    'DATABASE_DIRECT_URL',
    'LOG_FORMAT',
    'CORS_ORIGIN',
    'JWT_SECRET',
    'WEBHOOK_SECRET',
    'METRICS_TOKEN',
    'LEDGER_SIGNING_KEY',
    'LEDGER_ORIGIN',
    'PUBLIC_URL',
  );
  const present = Object.fromEntries(
    Object.entries(secrets.env).filter(
      ([key, value]) => known.includes(key) && value !== undefined && value !== '',
    ),
  );
  const env = plainToInstance(Env, present);
  const errors = validateSync(env, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  env.DEMO_MODE ??= env.NODE_ENV !== 'production';
  env.PUBLIC_URL = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  // Outside production a missing JWT or webhook secret is generated and stored on first run
  // (ServiceSecrets); production has no database-held fallback and refuses to start instead.
  for (const name of SECRET_NAMES) {
    const value = env[name];
    const missing = !value && env.NODE_ENV === 'production';
    if (missing || (value && KNOWN_DEFAULT_SECRETS.has(value))) {
      throw new ConfigError(
        `Invalid configuration:\n  ${name}: needs a secret of its own (for example \`openssl rand -base64 48\`)`,
      );
    }
  }
  const clusterProblem = redisClusterProblem(env);
  if (clusterProblem) throw new ConfigError(`Invalid configuration:\n  ${clusterProblem}`);
  const ledgerProblem = resolveLedgerSettings(env);
  if (ledgerProblem) throw new ConfigError(`Invalid configuration:\n  ${ledgerProblem}`);
  return env;
}

/** A cluster has one database and routes each multi-key script by its keys' hash tag. */
function redisClusterProblem(env: Env): string | undefined {
  if (!env.REDIS_CLUSTER) return undefined;
  if (!/\{[^{}]+\}/.test(env.QUEUE_PREFIX)) {
    return 'QUEUE_PREFIX: with REDIS_CLUSTER=true it needs a hash tag, such as {quorate}, so that each queue keeps its keys in one slot';
  }
  const path = new URL(env.REDIS_URL).pathname;
  if (path.length > 1 && path !== '/0') {
    return 'REDIS_URL: a Redis Cluster has only database 0; drop the database number from the URL';
  }
  return undefined;
}
