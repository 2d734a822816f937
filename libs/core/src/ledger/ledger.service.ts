import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { leafHash, signEnvelope } from '@app/domain';
import { eventStatement, LedgerEvent } from './ledger-event';
import { LedgerKeys } from './ledger-keys.service';
import { ledgerIntegration } from '../metrics/metrics.service';
import { Frontier, LedgerIntegrityError, TreeNode } from './ledger-tree';

export type { LedgerActor, LedgerEvent } from './ledger-event';

export interface AppendedEntry {
  index: number;
  leafHash: Buffer;
}

// One round trip for everything an append writes: the entries and the perfect subtrees they complete.
const INSERT_SQL = `
  WITH entries AS (
    INSERT INTO ledger_entries (idx, kind, asset_id, version_number, prev_asset_idx, entry, leaf_hash)
    SELECT idx, kind, asset_id, version_number, prev_asset_idx, entry, leaf_hash
      FROM unnest($1::bigint[], $2::text[], $3::uuid[], $4::int[], $5::bigint[], $6::bytea[], $7::bytea[])
           WITH ORDINALITY AS e(idx, kind, asset_id, version_number, prev_asset_idx, entry, leaf_hash, n)
     ORDER BY n)
  INSERT INTO ledger_subtrees (level, idx, hash)
  SELECT * FROM unnest($8::smallint[], $9::bigint[], $10::bytea[])`;

interface HeadRow {
  size: string;
  frontier: { level: number; hash: string }[];
  previous: { assetId: string; idx: string }[];
}

@Injectable()
export class LedgerService {
  constructor(private readonly keys: LedgerKeys) {}

  /** Appends one entry inside the caller's transaction; see `appendMany`. */
  async append(manager: EntityManager, event: LedgerEvent, at = new Date()): Promise<AppendedEntry> {
    return (await this.appendMany(manager, [event], at))[0];
  }

  /**
   * Appends entries inside the caller's transaction, so a state change and its entries commit or roll
   * back together. The advisory lock serialises appends until commit, which keeps indexes dense; so
   * call this last in the transaction, after any row locks, to keep the lock short and the lock order
   * fixed. Under the lock the work is constant: one read, signing in memory, one write, whatever the
   * size of the log and however many events are passed at once.
   */
  async appendMany(
    manager: EntityManager,
    events: readonly LedgerEvent[],
    at = new Date(),
  ): Promise<AppendedEntry[]> {
    if (events.length === 0) return [];
    const integrated = ledgerIntegration.startTimer();
    const signer = await this.keys.signer();
    const assetIds = [...new Set(events.flatMap((e) => (e.assetId ? [e.assetId] : [])))];
    // Takes the append lock, then reads the size, the right edge of the tree (one stored perfect
    // subtree per set bit of the size) and each asset's latest entry: one round trip (see migration).
    const [head] = await manager.query<HeadRow[]>(`SELECT * FROM ledger_lock_head($1::uuid[])`, [assetIds]);
    const size = Number(head.size);
    const edge = head.frontier.map((n) => ({ level: n.level, hash: Buffer.from(n.hash, 'hex') }));
    if (edge.length !== popCount(size)) {
      throw new LedgerIntegrityError(`the stored tree lacks part of its right edge at size ${size}`);
    }
    const frontier = new Frontier(size, edge);
    const previous = new Map(head.previous.map((p) => [p.assetId, Number(p.idx)]));

    const appended: (AppendedEntry & {
      event: LedgerEvent;
      versionNumber: number | null;
      bytes: Buffer;
      previousIndex: number | null;
    })[] = [];
    const nodes: TreeNode[] = [];
    for (const event of events) {
      const index = frontier.length;
      const previousIndex = event.assetId ? (previous.get(event.assetId) ?? null) : null;
      const statement = eventStatement(event, at, previousIndex);
      // The exact bytes signEnvelope returns are what is stored and hashed; nothing re-serialises them.
      const { bytes } = signEnvelope(statement, { privateKey: signer.privateKey, keyid: signer.keyId });
      const leaf = leafHash(bytes);
      nodes.push(...frontier.append(leaf));
      const { versionNumber } = statement.predicate;
      appended.push({ index, leafHash: leaf, event, versionNumber, bytes, previousIndex });
      if (event.assetId) previous.set(event.assetId, index);
    }

    await manager.query(INSERT_SQL, [
      appended.map((a) => a.index),
      appended.map((a) => a.event.kind),
      appended.map((a) => a.event.assetId),
      appended.map((a) => a.versionNumber),
      appended.map((a) => a.previousIndex),
      appended.map((a) => a.bytes),
      appended.map((a) => a.leafHash),
      nodes.map((n) => n.level),
      nodes.map((n) => n.idx),
      nodes.map((n) => n.hash),
    ]);
    integrated();
    return appended.map(({ index, leafHash }) => ({ index, leafHash }));
  }
}

function popCount(n: number): number {
  let count = 0;
  for (; n > 0; n = Math.floor(n / 2)) count += n % 2;
  return count;
}
