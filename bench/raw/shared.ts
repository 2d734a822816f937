import type { Pool, PoolClient } from 'pg';

/** What the raw baselines share between the bench and their child processes. */
export const RAW_QUEUE = 'raw';

export interface RawJob {
  batch: number;
  seq: number;
  /** When the bench added the job, wall-clock milliseconds. */
  sentMs: number;
}

/** The raw baselines' own tables, beside the app's in the bench database (dropped with it). */
export async function createRawTables(db: Pool): Promise<void> {
  await db.query(`
    CREATE TABLE IF NOT EXISTS raw_jobs (
      batch integer NOT NULL,
      seq integer NOT NULL,
      sent_ms double precision NOT NULL,
      -- The moment of the insert, one round trip before its commit (now() would be the BEGIN).
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (batch, seq)
    )`);
  await db.query(`
    CREATE TABLE IF NOT EXISTS raw_submissions (
      id bigserial PRIMARY KEY,
      title text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
}

/** Read by the children, which get their settings from the environment like the app does. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Runs `work` in one transaction on a client of its own from `pool`; rolled back if `work` throws. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
