import type { DataSource } from 'typeorm';

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
