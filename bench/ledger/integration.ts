import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { Queryable } from '../../libs/core/src/ledger/ledger-tree';

/** A pg pool read the way the app's services read (rows only). */
export function queryable(pool: Pool): Queryable {
  const query = async (sql: string, params?: unknown[]): Promise<unknown> =>
    (await pool.query(sql, params)).rows;
  return { query } as Queryable;
}

/** Event queued → integrated, over the events queued since a moment. */
export interface IntegrationSample {
  events: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Waits until every event queued since `since` is integrated. Polls the bench's own database every
 * few milliseconds: cheap next to what is being measured, and never part of a measured figure.
 */
export async function integrated(db: Queryable, since: Date, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ pending }] = await db.query<{ pending: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM ledger_queue q WHERE q.at >= $1
                         AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.queue_id = q.id)) AS pending`,
      [since],
    );
    if (!pending) return;
    if (Date.now() > deadline)
      throw new Error(`ledger events queued since ${since.toISOString()} not integrated`);
    await sleep(5);
  }
}

/**
 * From each event's queue time (taken in its transaction, just before commit) to the signed
 * checkpoint of the batch that integrated it (created last in that batch's transaction, so the
 * moment it committed, within a query). Both clocks are this machine's.
 */
export async function integrationLatency(db: Queryable, since: Date): Promise<IntegrationSample> {
  const [row] = await db.query<{ events: number; p50: number | null; p99: number | null }[]>(
    `SELECT count(*)::int AS events,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
       FROM (SELECT extract(epoch FROM (c.created_at - q.at)) * 1000 AS ms
               FROM ledger_queue q
               JOIN ledger_entries e ON e.queue_id = q.id
               CROSS JOIN LATERAL (SELECT created_at FROM ledger_checkpoints c
                                    WHERE c.size > e.idx ORDER BY c.size LIMIT 1) c
              WHERE q.at >= $1) latencies`,
    [since],
  );
  return { events: row.events, p50Ms: Number(row.p50 ?? NaN), p99Ms: Number(row.p99 ?? NaN) };
}
