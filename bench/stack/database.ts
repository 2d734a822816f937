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
