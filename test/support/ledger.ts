import type { DataSource } from 'typeorm';
import type { LedgerSequencer } from '../../libs/core/src/ledger/ledger-sequencer.service';
import { eventually } from './harness';

const sequencers = new WeakMap<DataSource, LedgerSequencer>();

/** Lets `ledgerSettled(db)` integrate on `db` itself; the harness registers its API's sequencer. */
export function registerSequencer(db: DataSource, sequencer: LedgerSequencer): void {
  sequencers.set(db, sequencer);
}

/**
 * Integrates every ledger event committed before the call, then returns: a batch takes all it sees,
 * and the write lock orders it after any batch the worker's sequencer is running. Nothing waits on
 * time, so a test reads the same entries however busy the machine is.
 */
export async function ledgerSettled(db: DataSource): Promise<void> {
  const sequencer = sequencers.get(db);
  if (!sequencer) throw new Error('ledgerSettled: no sequencer registered for this database');
  await sequencer.drain();
}

/** For processes the test does not host (a worker it spawned): waits until their sequencer has integrated everything queued. */
export async function waitForIntegration(db: DataSource, timeoutMs = 30_000): Promise<void> {
  await eventually(
    async () => {
      const [{ pending }] = await db.query<{ pending: number }[]>(
        `SELECT count(*)::int AS pending FROM ledger_queue q
          WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.queue_id = q.id)`,
      );
      return pending === 0 ? true : undefined;
    },
    timeoutMs,
    'every queued ledger event to be integrated',
    50,
  );
}

export interface LedgerEventView {
  index: number;
  kind: string;
  actor?: { type: string; id: string };
  data?: Record<string, unknown>;
}

/** Reads ledger entries as events, whether stored as plain JSON or as a DSSE envelope of an in-toto statement. */
export async function ledgerEvents(
  db: DataSource,
  where = 'TRUE',
  params: unknown[] = [],
): Promise<LedgerEventView[]> {
  await ledgerSettled(db);
  const rows: { idx: string; kind: string; entry: Buffer }[] = await db.query(
    `SELECT idx, kind, entry FROM ledger_entries WHERE ${where} ORDER BY idx`,
    params,
  );
  return rows.map((row) => {
    const stored = JSON.parse(row.entry.toString('utf8')) as Record<string, unknown>;
    const event =
      typeof stored.payload === 'string'
        ? (
            JSON.parse(Buffer.from(stored.payload, 'base64').toString('utf8')) as {
              predicate: Record<string, unknown>;
            }
          ).predicate
        : stored;
    return {
      index: Number(row.idx),
      kind: row.kind,
      actor: event.actor as LedgerEventView['actor'],
      data: event.data as Record<string, unknown>,
    };
  });
}
