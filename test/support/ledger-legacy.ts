import type { EntityManager } from 'typeorm';
import { leafHash, signEnvelope } from '@app/domain';
import { eventStatement, LedgerEvent } from '../../libs/core/src/ledger/ledger-event';
import type { LogSigner } from '../../libs/core/src/ledger/ledger-keys.service';
import { Frontier, TreeNode } from '../../libs/core/src/ledger/ledger-tree';

/**
 * Appends entries the way the log did before its queue: under the append lock, inside the caller's
 * transaction, with no queued event behind them. Kept so tests can build a ledger of that era.
 */
export async function appendLegacy(
  em: EntityManager,
  signer: LogSigner,
  events: readonly LedgerEvent[],
  at = new Date(),
): Promise<number[]> {
  const assetIds = [...new Set(events.flatMap((e) => (e.assetId ? [e.assetId] : [])))];
  const [head] = await em.query<
    {
      size: string;
      frontier: { level: number; hash: string }[];
      previous: { assetId: string; idx: string }[];
    }[]
  >(`SELECT * FROM ledger_lock_head($1::uuid[])`, [assetIds]);
  const frontier = new Frontier(
    Number(head.size),
    head.frontier.map((n) => ({ level: n.level, hash: Buffer.from(n.hash, 'hex') })),
  );
  const previous = new Map(head.previous.map((p) => [p.assetId, Number(p.idx)]));
  const rows: {
    index: number;
    event: LedgerEvent;
    version: number | null;
    prev: number | null;
    bytes: Buffer;
    leaf: Buffer;
  }[] = [];
  const nodes: TreeNode[] = [];
  for (const event of events) {
    const index = frontier.length;
    const prev = event.assetId ? (previous.get(event.assetId) ?? null) : null;
    const statement = eventStatement(event, at, prev);
    const { bytes } = signEnvelope(statement, { privateKey: signer.privateKey, keyid: signer.keyId });
    const leaf = leafHash(bytes);
    nodes.push(...frontier.append(leaf));
    rows.push({ index, event, version: statement.predicate.versionNumber, prev, bytes, leaf });
    if (event.assetId) previous.set(event.assetId, index);
  }
  await em.query(
    `INSERT INTO ledger_entries (idx, kind, asset_id, version_number, prev_asset_idx, entry, leaf_hash)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::uuid[], $4::int[], $5::bigint[], $6::bytea[], $7::bytea[])`,
    [
      rows.map((r) => r.index),
      rows.map((r) => r.event.kind),
      rows.map((r) => r.event.assetId),
      rows.map((r) => r.version),
      rows.map((r) => r.prev),
      rows.map((r) => r.bytes),
      rows.map((r) => r.leaf),
    ],
  );
  await em.query(
    `INSERT INTO ledger_subtrees (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
    [nodes.map((n) => n.level), nodes.map((n) => n.idx), nodes.map((n) => n.hash)],
  );
  return rows.map((r) => r.index);
}
