// Jest's moduleNameMapper does not reach global setup, so the tsconfig path aliases are registered here.
import 'tsconfig-paths/register';
import Redis from 'ioredis';
import { runMigrations } from '../../libs/core/src/migrate';
import {
  databaseUrl,
  REDIS_BASE_URL,
  TEMPLATE_DATABASE,
  TEST_DATABASE_PREFIX,
  withAdminClient,
} from './services';

/**
 * Migrates one template database for the whole run; each test file then clones it, which takes a
 * fraction of a second instead of replaying every migration per file.
 */
export default async function globalSetup(): Promise<void> {
  const redis = new Redis(REDIS_BASE_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis does not answer at ${REDIS_BASE_URL}: ${String(error)}`);
  } finally {
    redis.disconnect();
  }

  await withAdminClient(async (client) => {
    // Databases left behind by an interrupted run.
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2`,
      [`${TEST_DATABASE_PREFIX}%`, TEMPLATE_DATABASE],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  });
  await runMigrations(databaseUrl(TEMPLATE_DATABASE));
}
