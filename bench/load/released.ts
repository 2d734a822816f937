import type { Pool } from 'pg';
import { RELEASE_POLL_MS } from '../config';
import { throwIfInterrupted } from '../stack/interrupt';

/** The highest ledger index so far; a run's entries are those after it. */
export async function ledgerHead(db: Pool): Promise<number> {
  const { rows } = await db.query<{ head: string }>(
    'SELECT COALESCE(MAX(idx), -1) AS head FROM ledger_entries',
  );
  return Number(rows[0].head);
}

/**
 * Reads the ledger on from index `after` until `expected` versions are released, and returns when
 * each asset was first seen released: the moment before the query that found it. Runs while the
 * submissions are still being sent, and stops early when `signal` aborts. Not the entry's
 * created_at: that is when the release transaction began, before it queued for the ledger's append
 * lock, and would flatter the app by the length of that queue.
 *
 * Indexes are assigned under a lock held until commit, so entries become visible in index order and
 * reading on from the last index seen misses none.
 */
export async function watchReleases(
  db: Pool,
  after: number,
  expected: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Map<string, number>> {
  const releasedAt = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  let cursor = after;
  while (releasedAt.size < expected) {
    throwIfInterrupted();
    signal.throwIfAborted();
    if (Date.now() > deadline) {
      throw new Error(
        `only ${releasedAt.size} of ${expected} submissions were released within ${timeoutMs} ms`,
      );
    }
    const asked = Date.now();
    const { rows } = await db.query<{ idx: string; kind: string; asset_id: string }>(
      'SELECT idx, kind, asset_id FROM ledger_entries WHERE idx > $1 ORDER BY idx LIMIT 10000',
      [cursor],
    );
    for (const row of rows) {
      cursor = Number(row.idx);
      if (row.kind === 'version.validation_failed')
        throw new Error(`asset ${row.asset_id} failed validation`);
      if (row.kind === 'version.released') releasedAt.set(row.asset_id, asked);
    }
    if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, RELEASE_POLL_MS));
  }
  return releasedAt;
}
