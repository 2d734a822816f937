import { Client } from 'pg';

export const ADMIN_DATABASE_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_BASE_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Every database of a test run is named after the pid of the Jest process that owns the run, so two
 * runs on one machine never meet, and databases of a run that was killed can be told apart and dropped.
 */
export const TEST_DATABASE_PREFIX = 'quorate_test_';

export function runDatabasePrefix(runPid: number | string): string {
  return `${TEST_DATABASE_PREFIX}${runPid}_`;
}

export function templateDatabase(runPid: number | string): string {
  return `${runDatabasePrefix(runPid)}template`;
}

/** Set by the global setup; Jest's workers inherit it. */
export function currentRunPid(): string {
  const pid = process.env.QUORATE_TEST_RUN;
  if (!pid) throw new Error('QUORATE_TEST_RUN is not set: run the integration tests through Jest');
  return pid;
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabasesLike(
  prefix: string,
  keep: (name: string) => boolean = () => false,
): Promise<void> {
  await withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${prefix.replace(/_/g, '\\_')}%`],
    );
    for (const { datname } of rows) {
      if (!keep(datname)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}
