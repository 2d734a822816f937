// Jest's moduleNameMapper does not reach global setup, so the tsconfig path aliases are registered here.
import 'tsconfig-paths/register';
import Redis from 'ioredis';
import { runMigrations } from '../../libs/core/src/migrate';
import {
  databaseUrl,
  dropDatabasesLike,
  REDIS_BASE_URL,
  templateDatabase,
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

  // Databases left by runs whose Jest process is gone.
  await dropDatabasesLike(TEST_DATABASE_PREFIX, (name) =>
    isAlive(Number(name.slice(TEST_DATABASE_PREFIX.length).split('_')[0])),
  );

  process.env.QUORATE_TEST_RUN = String(process.pid);
  const template = templateDatabase(process.pid);
  await withAdminClient((client) => client.query(`CREATE DATABASE "${template}"`));
  await runMigrations(databaseUrl(template));
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
