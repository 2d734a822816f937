import type { DataSourceOptions } from 'typeorm';
import type { Env } from '@app/config';
import { MIGRATIONS } from '../../../migrations';
import { ENTITIES } from './entities';

/** The one DataSource definition, used by the app, the CLI, the migration scripts and the tests. */
export function dataSourceOptions(
  env: Pick<Env, 'DATABASE_URL'> & Partial<Pick<Env, 'DATABASE_POOL_SIZE'>>,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: env.DATABASE_URL,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // A burst (200 votes on one decision) queues for connections rather than failing: waiting up to
    // 30 s for one is better than a 503 for work that takes milliseconds once it has one.
    extra: { max: env.DATABASE_POOL_SIZE ?? 10, connectionTimeoutMillis: 30_000 },
  };
}
