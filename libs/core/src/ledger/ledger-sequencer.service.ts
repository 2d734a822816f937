import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { leafHash, signEnvelope } from '@app/domain';
import { AdvisoryLock } from '../advisory-locks';
import { ledgerIntegration } from '../metrics/metrics.service';
import { LedgerCheckpoints } from './ledger-checkpoints.service';
import { EntryRef, eventStatement, LedgerActor, LedgerEvent } from './ledger-event';
import { LedgerKeys } from './ledger-keys.service';
import { Frontier, LedgerIntegrityError, TreeNode } from './ledger-tree';

export { LEDGER_QUEUE_CHANNEL } from '../../../../migrations/1764200000000-ledger-queue';

/** Held (session-level) by the elected sequencer's dedicated connection for as long as it leads. */
export const SEQUENCER_ELECTION_LOCK = AdvisoryLock.LedgerSequencer;

/** Events integrated per batch at most: one transaction, one checkpoint. */
export const SEQUENCER_BATCH = 2000;

// Reads the snapshot's horizon and the queued events not yet integrated in ONE statement, so both
// come from the same snapshot (see integrateBatch). OFFSET-free: the anti-join only spans events of
// transactions at or above the last horizon, which are few.
const PENDING_SQL = `
  WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon)
  SELECT h.horizon, q.id, q.at, q.kind, q.asset_id, q.version_number, q.content_sha256, q.actor, q.data, q.refs
    FROM h LEFT JOIN LATERAL (
      SELECT q.id::text, q.at, q.kind, q.asset_id, q.version_number, q.content_sha256, q.actor, q.data, q.refs
        FROM ledger_queue q
       WHERE q.xid >= $1::xid8
         AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.queue_id = q.id)
       ORDER BY q.id
       LIMIT $2) q ON TRUE`;

// One round trip for everything a batch writes: the entries and the perfect subtrees they complete.
const INSERT_SQL = `
  WITH entries AS (
    INSERT INTO ledger_entries (idx, kind, asset_id, version_number, prev_asset_idx, entry, leaf_hash, queue_id)
    SELECT idx, kind, asset_id, version_number, prev_asset_idx, entry, leaf_hash, queue_id
      FROM unnest($1::bigint[], $2::text[], $3::uuid[], $4::int[], $5::bigint[], $6::bytea[], $7::bytea[], $8::bigint[])
           WITH ORDINALITY AS e(idx, kind, asset_id, version_number, prev_asset_idx, entry, leaf_hash, queue_id, n)
     ORDER BY n)
  INSERT INTO ledger_subtrees (level, idx, hash)
  SELECT * FROM unnest($9::smallint[], $10::bigint[], $11::bytea[])`;

interface PendingRow {
  horizon: string;
  id: string | null;
  at: Date;
  kind: string;
  asset_id: string | null;
  version_number: number | null;
  content_sha256: string | null;
  actor: LedgerActor;
  data: Record<string, unknown>;
  refs: Record<string, EntryRef[]>;
}

interface HeadRow {
  size: string;
  frontier: { level: number; hash: string }[];
  previous: { assetId: string; idx: string }[];
}

export interface BatchResult {
  /** Events integrated by this batch. */
  integrated: number;
  /** True when the batch was full: more committed events may be waiting. */
  more: boolean;
}

/** Called inside a batch's transaction after its writes, before commit (fault tests pause here). */
export type BeforeCommitHook = (batch: { size: number; events: number }) => Promise<void>;

/**
 * Integrates queued events into the log: assigns dense indexes, resolves references, signs each entry,
 * stores the tree's new nodes and signs a checkpoint, all in one transaction per batch, so a crash
 * integrates nothing of its batch. One process runs batches at a time (LedgerSequencerLoop elects
 * it); AdvisoryLock.LedgerWrite, taken first in the batch, keeps even a second one harmless.
 *
 * Which events and in what order. Queue ids come from a sequence at insert, so they do not follow
 * commit order, and an event may commit after a later-numbered one was integrated: no cursor on ids.
 * Instead a batch takes every committed event not yet integrated, in id order. That order respects
 * every dependency: an event's transaction could only depend on events committed before its insert,
 * and those took their ids before it and are visible to any snapshot that sees it. To keep that set
 * small, the horizon (the snapshot's xmin: every transaction below it has ended) bounds the search: a
 * batch that took all it saw has integrated every event of every transaction below its horizon, for
 * good, so later batches look only at events of transactions at or above it.
 */
@Injectable()
export class LedgerSequencer {
  private horizon: bigint | undefined;
  beforeCommit?: BeforeCommitHook;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: LedgerKeys,
    private readonly checkpoints: LedgerCheckpoints,
  ) {}

  /** Integrates batches until none is full: everything committed before the call is integrated. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const { integrated, more } = await this.integrateBatch();
      total += integrated;
      if (!more) return total;
    }
  }

  async integrateBatch(limit = SEQUENCER_BATCH): Promise<BatchResult> {
    const signer = await this.keys.signer();
    const result = await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [AdvisoryLock.LedgerWrite]);
      const from = this.horizon ?? (await storedHorizon(em));
      // Read committed: this statement's snapshot is taken after the lock, so it sees every batch before.
      const rows = await em.query<PendingRow[]>(PENDING_SQL, [from.toString(), limit]);
      const pending = rows.filter((r) => r.id !== null);
      const more = pending.length >= limit;
      // A full batch may have left events of old transactions behind: keep looking from `from`.
      const horizon = more ? from : maxOf(from, BigInt(rows[0].horizon));
      if (pending.length === 0) {
        await this.checkpoints.signWithin(em, horizon.toString());
        return { integrated: 0, more, horizon, queuedAt: [] as Date[] };
      }
      const size = await this.write(em, pending, signer);
      await this.checkpoints.signWithin(em, horizon.toString());
      await this.beforeCommit?.({ size, events: pending.length });
      return { integrated: pending.length, more, horizon, queuedAt: pending.map((r) => r.at) };
    });
    this.horizon = maxOf(this.horizon ?? 0n, result.horizon);
    const now = Date.now();
    for (const at of result.queuedAt) ledgerIntegration.observe(Math.max(0, now - at.getTime()) / 1000);
    return { integrated: result.integrated, more: result.more };
  }

  /** Writes the batch's entries and tree nodes; returns the log's new size. */
  private async write(
    em: EntityManager,
    pending: PendingRow[],
    signer: Awaited<ReturnType<LedgerKeys['signer']>>,
  ): Promise<number> {
    const assetIds = [...new Set(pending.flatMap((e) => (e.asset_id ? [e.asset_id] : [])))];
    const [head] = await em.query<HeadRow[]>(`SELECT * FROM ledger_head($1::uuid[])`, [assetIds]);
    const size = Number(head.size);
    const edge = head.frontier.map((n) => ({ level: n.level, hash: Buffer.from(n.hash, 'hex') }));
    if (edge.length !== popCount(size)) {
      throw new LedgerIntegrityError(`the stored tree lacks part of its right edge at size ${size}`);
    }
    const frontier = new Frontier(size, edge);
    const previous = new Map(head.previous.map((p) => [p.assetId, Number(p.idx)]));
    const indexOf = await this.integratedIndexes(em, pending);

    const entries: {
      index: number;
      row: PendingRow;
      versionNumber: number | null;
      previousIndex: number | null;
      bytes: Buffer;
      leaf: Buffer;
    }[] = [];
    const nodes: TreeNode[] = [];
    for (const row of pending) {
      const index = frontier.length;
      const previousIndex = row.asset_id ? (previous.get(row.asset_id) ?? null) : null;
      const statement = eventStatement(toEvent(row, indexOf), row.at, previousIndex);
      // The exact bytes signEnvelope returns are what is stored and hashed; nothing re-serialises them.
      const { bytes } = signEnvelope(statement, { privateKey: signer.privateKey, keyid: signer.keyId });
      const leaf = leafHash(bytes);
      nodes.push(...frontier.append(leaf));
      entries.push({
        index,
        row,
        versionNumber: statement.predicate.versionNumber,
        previousIndex,
        bytes,
        leaf,
      });
      if (row.asset_id) previous.set(row.asset_id, index);
      indexOf.set(row.id!, index);
    }

    await em.query(INSERT_SQL, [
      entries.map((e) => e.index),
      entries.map((e) => e.row.kind),
      entries.map((e) => e.row.asset_id),
      entries.map((e) => e.versionNumber),
      entries.map((e) => e.previousIndex),
      entries.map((e) => e.bytes),
      entries.map((e) => e.leaf),
      entries.map((e) => e.row.id),
      nodes.map((n) => n.level),
      nodes.map((n) => n.idx),
      nodes.map((n) => n.hash),
    ]);
    return frontier.length;
  }

  /** The indexes of already integrated events that the batch's events refer to. */
  private async integratedIndexes(em: EntityManager, pending: PendingRow[]): Promise<Map<string, number>> {
    const inBatch = new Set(pending.map((r) => r.id!));
    const wanted = new Set<string>();
    for (const row of pending) {
      for (const list of Object.values(row.refs)) {
        for (const ref of list) if ('event' in ref && !inBatch.has(ref.event)) wanted.add(ref.event);
      }
    }
    if (wanted.size === 0) return new Map();
    const found = await em.query<{ queue_id: string; idx: string }[]>(
      `SELECT queue_id::text, idx::text FROM ledger_entries WHERE queue_id = ANY($1::bigint[])`,
      [[...wanted]],
    );
    return new Map(found.map((f) => [f.queue_id, Number(f.idx)]));
  }
}

/** The queued row as the event it records, its references resolved to indexes into `data`. */
function toEvent(row: PendingRow, indexOf: ReadonlyMap<string, number>): LedgerEvent {
  const data = { ...row.data };
  for (const [name, list] of Object.entries(row.refs)) {
    const indexes = list.map((ref) => {
      if ('index' in ref) return ref.index;
      const index = indexOf.get(ref.event);
      // Its dependencies commit before it and sort before it, so this is a bug, never a race.
      if (index === undefined) {
        throw new LedgerIntegrityError(
          `queued event ${row.id} names event ${ref.event}, which is not integrated`,
        );
      }
      return index;
    });
    data[name] = [...new Set(indexes)].sort((x, y) => x - y);
  }
  return {
    kind: row.kind,
    assetId: row.asset_id,
    versionNumber: row.version_number ?? undefined,
    contentSha256: row.content_sha256 ?? undefined,
    actor: row.actor,
    data,
  };
}

/** The horizon the latest batch recorded (0 for a log the sequencer never wrote). */
async function storedHorizon(em: EntityManager): Promise<bigint> {
  const [row] = await em.query<{ horizon: string | null }[]>(
    `SELECT queue_horizon::text AS horizon FROM ledger_checkpoints
      WHERE queue_horizon IS NOT NULL ORDER BY size DESC LIMIT 1`,
  );
  return BigInt(row?.horizon ?? '0');
}

const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);

function popCount(n: number): number {
  let count = 0;
  for (; n > 0; n = Math.floor(n / 2)) count += n % 2;
  return count;
}
