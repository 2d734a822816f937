import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/core/src/data-source-options';
import { runMigrations } from '../../libs/core/src/migrate';
import { seedDemo } from '../../libs/core/src/seed/demo-seed';
import { ADMIN_DATABASE_URL, BENCH_DATABASE, BENCH_DATABASE_URL } from '../config';

/** Drops and recreates the bench database, migrates it, seeds the demo data; returns the bot key. */
export async function freshDatabase(): Promise<string> {
  await dropDatabase();
  await withAdminClient((client) => client.query(`CREATE DATABASE "${BENCH_DATABASE}"`));
  await runMigrations(BENCH_DATABASE_URL);
  const dataSource = await new DataSource({
    ...dataSourceOptions({ DATABASE_URL: BENCH_DATABASE_URL }),
    logging: false,
  }).initialize();
  try {
    const { botKey } = await seedDemo(dataSource);
    if (!botKey) throw new Error(`${BENCH_DATABASE} was expected to be empty after it was recreated`);
    return botKey;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Recreates the bench database as a copy of `template`, then applies any migration newer than the
 * template. FILE_COPY copies the files after one checkpoint, instead of writing a large template
 * through the WAL block by block.
 */
export async function databaseFromTemplate(template: string): Promise<void> {
  await dropDatabase();
  await withAdminClient((client) =>
    client.query(`CREATE DATABASE "${BENCH_DATABASE}" TEMPLATE "${template}" STRATEGY FILE_COPY`),
  );
  await runMigrations(BENCH_DATABASE_URL);
}

/** Keeps the bench database as `template`; nothing may be connected to the bench database meanwhile. */
export async function saveAsTemplate(template: string): Promise<void> {
  await withAdminClient((client) =>
    client.query(`CREATE DATABASE "${template}" TEMPLATE "${BENCH_DATABASE}" STRATEGY FILE_COPY`),
  );
}

export async function databaseExists(name: string): Promise<boolean> {
  const { rows } = await withAdminClient((client) =>
    client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]),
  );
  return rows.length > 0;
}

/** FORCE ends the sessions of any child a previous, interrupted run left behind. */
export async function dropDatabase(): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${BENCH_DATABASE}" WITH (FORCE)`));
}

/** A small pool for the bench's own queries (polling, reading results), apart from the app's. */
export function benchPool(): Pool {
  return new Pool({ connectionString: BENCH_DATABASE_URL, max: 2 });
}

async function withAdminClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
