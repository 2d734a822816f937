import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { throwIfInterrupted } from '../stack/interrupt';
import type { LedgerServices } from './services';

export interface AuditSample {
  perSecond: number;
  /** The root the audit recomputed from the entry bytes. */
  rootHash: string;
}

/** One full audit by the app's LedgerAudit, reading `batchSize` entries a query; it must pass. */
export async function auditRate(services: LedgerServices, batchSize: number): Promise<AuditSample> {
  const started = performance.now();
  const report = await services.audit.run({ batchSize });
  const elapsed = performance.now() - started;
  if (!report.ok) throw new Error(`the audit failed: ${JSON.stringify(report.problems.slice(0, 3))}`);
  return { perSecond: report.entriesChecked / (elapsed / 1000), rootHash: report.rootHash };
}

/** Every entry's stored bytes, end to end in one buffer, with where each starts. */
export interface EntryBytes {
  data: Buffer;
  /** Entry i is data[offsets[i], offsets[i + 1]). */
  offsets: Float64Array;
}

/** Reads the bytes of entries [0, size) into memory, so that hashing them alone can be timed. */
export async function loadEntryBytes(pool: Pool, size: number, batch = 50_000): Promise<EntryBytes> {
  const { rows } = await pool.query<{ total: string }>(
    'SELECT COALESCE(sum(octet_length(entry)), 0) AS total FROM ledger_entries WHERE idx < $1',
    [size],
  );
  const data = Buffer.allocUnsafe(Number(rows[0].total));
  const offsets = new Float64Array(size + 1);
  let at = 0;
  for (let from = 0; from < size; from += batch) {
    throwIfInterrupted();
    const page = await pool.query<{ entry: Buffer }>(
      'SELECT entry FROM ledger_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx',
      [from, Math.min(from + batch, size)],
    );
    for (const [i, row] of page.rows.entries()) {
      offsets[from + i] = at;
      at += row.entry.copy(data, at);
    }
  }
  offsets[size] = at;
  if (at !== data.length) throw new Error('the entries changed while they were read');
  return { data, offsets };
}

/** The floor under the audit: SHA-256 of each entry's bytes with node:crypto, nothing else. */
export function rawHashRate({ data, offsets }: EntryBytes): number {
  const count = offsets.length - 1;
  let last = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    last ^= createHash('sha256')
      .update(data.subarray(offsets[i], offsets[i + 1]))
      .digest()[0];
  }
  const elapsed = performance.now() - started;
  // Uses the digests, so that no engine can leave the hashing out.
  if (last < 0) throw new Error('unreachable');
  return count / (elapsed / 1000);
}
