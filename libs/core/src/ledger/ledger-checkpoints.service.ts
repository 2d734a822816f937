import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { consistencyProof, consistencyProofRanges, signCheckpoint, verifyConsistency } from '@app/domain';
import type { SubtreeRange } from '@app/domain';
import { AdvisoryLock } from '../advisory-locks';
import { LedgerKeys } from './ledger-keys.service';
import { committedSize, LedgerIntegrityError, loadHashes, Queryable } from './ledger-tree';

export interface StoredCheckpoint {
  size: number;
  rootHash: Buffer;
  /** The C2SP signed note, exactly as served. */
  note: string;
  createdAt: Date;
}

interface CheckpointRow {
  size: string;
  root_hash: Buffer;
  note: string;
  created_at: Date;
}

/**
 * Signed tree heads, kept in the insert-only `ledger_checkpoints`. A checkpoint is only ever signed
 * from the stored tree, one at a time, and after proving the new tree extends the last signed one,
 * so the log can never have signed two inconsistent views of itself.
 */
@Injectable()
export class LedgerCheckpoints {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: LedgerKeys,
  ) {}

  async latest(db: Queryable = this.dataSource): Promise<StoredCheckpoint | null> {
    const rows = await db.query<CheckpointRow[]>(
      `SELECT size, root_hash, note, created_at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1`,
    );
    return rows.length ? toCheckpoint(rows[0]) : null;
  }

  /**
   * A checkpoint over every entry integrated so far. The sequencer signs one after each batch, so
   * this signs only for a log written before it ran (or never written to).
   */
  async current(): Promise<StoredCheckpoint> {
    const [latest, size] = await Promise.all([this.latest(), committedSize(this.dataSource)]);
    if (latest && latest.size >= size) return latest;
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [AdvisoryLock.LedgerWrite]);
      return this.signWithin(em);
    });
  }

  /**
   * Signs a checkpoint over the stored tree as `em` sees it, unless the latest one covers it. The
   * caller holds AdvisoryLock.LedgerWrite in `em`'s transaction, which orders every tree write and
   * every signature. `queueHorizon` is recorded for the sequencer (see LedgerSequencer).
   */
  async signWithin(em: Queryable, queueHorizon: string | null = null): Promise<StoredCheckpoint> {
    const last = await this.latest(em);
    const target = await committedSize(em);
    if (last && last.size >= target) return last;

    const ranges: SubtreeRange[] = target > 0 ? [{ start: 0, end: target }] : [];
    const hasPrevious = last !== null && last.size > 0;
    if (hasPrevious) ranges.push(...consistencyProofRanges(last.size, target));
    const hashes = await loadHashes(em, ranges);
    const rootHash = hashes.root(target);
    if (hasPrevious) {
      const proof = consistencyProof(last.size, target, hashes);
      if (!verifyConsistency(last.size, target, proof, last.rootHash, rootHash)) {
        throw new LedgerIntegrityError(
          `the stored tree of size ${target} does not extend the checkpoint signed at size ${last.size}; refusing to sign`,
        );
      }
    }
    const signer = await this.keys.signer();
    const note = signCheckpoint({ origin: signer.name, size: target, rootHash }, signer);
    // clock_timestamp(): the moment of signing, last in its batch, not when the batch began.
    const [row] = await em.query<CheckpointRow[]>(
      `INSERT INTO ledger_checkpoints (size, root_hash, note, queue_horizon, created_at)
       VALUES ($1, $2, $3, $4::xid8, clock_timestamp())
       RETURNING size, root_hash, note, created_at`,
      [target, rootHash, note, queueHorizon],
    );
    return toCheckpoint(row);
  }
}

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return { size: Number(row.size), rootHash: row.root_hash, note: row.note, createdAt: row.created_at };
}
