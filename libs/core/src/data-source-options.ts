import type { DataSourceOptions } from 'typeorm';
import type { Env } from '@app/config';
import { MIGRATIONS } from '../../../migrations';
import { ENTITIES } from './entities';

/** The one DataSource definition, used by the app, the CLI, the migration scripts and the tests. */
export function dataSourceOptions(env: Pick<Env, 'DATABASE_URL'>): DataSourceOptions {
  return {
    type: 'postgres',
    url: env.DATABASE_URL,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}
