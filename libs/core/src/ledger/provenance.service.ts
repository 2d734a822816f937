import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createBundle } from '@app/domain';
import type { ProvenanceBundle } from '@app/domain';
import { NotFoundError } from '../errors';
import { LedgerCheckpoints } from './ledger-checkpoints.service';
import { LedgerProofs } from './ledger-proofs.service';

/**
 * The provenance bundle of one asset version: every ledger entry about it (the submission with the
 * declared provenance, the validation result, the release, and later votes and the decision), each
 * as its stored DSSE envelope with an inclusion proof, and the signed checkpoint they prove against.
 */
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
}
