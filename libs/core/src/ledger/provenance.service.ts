import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createBundle } from '@app/domain';
import type { ProvenanceBundle } from '@app/domain';
import { NotFoundError, PendingError } from '../errors';
import { LedgerCheckpoints } from './ledger-checkpoints.service';
import { LedgerProofs } from './ledger-proofs.service';

/**
 * The provenance bundle of one asset version: every ledger entry about it (the submission with the
 * declared provenance, the validation result, the release, and later votes and the decision), each
 * as its stored DSSE envelope with an inclusion proof, and the signed checkpoint they prove against.
 */
/** How long a bundle request waits for its version's entries to be integrated before answering 409. */
export const BUNDLE_WAIT_MS = 2000;
const BUNDLE_POLL_MS = 50;

@Injectable()
export class ProvenanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly proofs: LedgerProofs,
    private readonly checkpoints: LedgerCheckpoints,
  ) {}

  /** With `ownedBy`, another bot's asset is reported as missing, not forbidden, so ids do not leak. */
  async bundle(
    assetId: string,
    versionNumber: number,
    ownedBy?: { botId: string },
  ): Promise<ProvenanceBundle> {
    const [version] = await this.dataSource.query<{ content_sha256: string }[]>(
      `SELECT v.content_sha256 FROM asset_versions v JOIN assets a ON a.id = v.asset_id
        WHERE v.asset_id = $1 AND v.version = $2 AND ($3::uuid IS NULL OR a.bot_id = $3::uuid)`,
      [assetId, versionNumber, ownedBy?.botId ?? null],
    );
    if (!version) throw new NotFoundError(`Asset ${assetId} has no version ${versionNumber}`);
    // A bundle that left out a committed but not yet integrated event would verify yet be incomplete.
    await this.integrated(assetId, versionNumber);
    const rows = await this.dataSource.query<{ idx: string; entry: Buffer }[]>(
      `SELECT idx, entry FROM ledger_entries WHERE asset_id = $1 AND version_number = $2 ORDER BY idx`,
      [assetId, versionNumber],
    );
    // Only entries written before the ledger was signed lack a version; they cannot be bundled.
    if (rows.length === 0) {
      throw new NotFoundError(`Asset ${assetId} version ${versionNumber} has no signed ledger entries`);
    }
    // Read after the entries, which are committed, so the checkpoint covers every one of them.
    const checkpoint = await this.checkpoints.current();
    const indexes = rows.map((r) => Number(r.idx));
    const proofs = await this.proofs.inclusionProofs(indexes, checkpoint.size);
    return createBundle({
      assetId,
      versionNumber,
      contentSha256: version.content_sha256,
      checkpoint: checkpoint.note,
      entries: rows.map((row, i) => ({ index: indexes[i], envelope: row.entry, inclusionProof: proofs[i] })),
    });
  }

  /** Waits briefly until no committed event about the version is still queued, else a 409 to retry. */
  private async integrated(assetId: string, versionNumber: number): Promise<void> {
    const deadline = Date.now() + BUNDLE_WAIT_MS;
    for (;;) {
      const pending = await this.dataSource.query<unknown[]>(
        `SELECT 1 FROM ledger_queue q
          WHERE q.asset_id = $1 AND q.version_number = $2
            AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.queue_id = q.id)
          LIMIT 1`,
        [assetId, versionNumber],
      );
      if (pending.length === 0) return;
      if (Date.now() >= deadline) {
        throw new PendingError(
          `Asset ${assetId} version ${versionNumber} has ledger entries still being integrated; retry shortly`,
          1,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, BUNDLE_POLL_MS));
    }
  }
}
