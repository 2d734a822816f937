import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Finding } from '@app/domain';
import { AssetEntity, AssetVersionEntity } from '../entities';
import { NotFoundError } from '../errors';

export interface AppliedRuleSet {
  id: string;
  key: string;
  version: number;
  rulesSha256: string;
}

export interface ValidationResultView {
  id: string;
  assetId: string;
  version: number;
  /** Where validation moved the version: validation_failed, in_review or approved. */
  status: string;
  passed: boolean;
  findings: Finding[];
  /** The first rule-set version applied (kept from before classes had lists), or null when none. */
  ruleSet: AppliedRuleSet | null;
  /** Every rule-set version applied, in the order the class lists them. */
  ruleSets: AppliedRuleSet[];
  contentSha256: string;
  declaredSha256: string;
  mediaType: string;
  sniffedMediaType: string | null;
  worker: string;
  attempt: number;
  durationMs: number;
  validatedAt: string;
  /** The index of the ledger entry that records this result; null while it is pending. */
  ledgerIndex: number | null;
  /** `pending` until the sequencer has integrated the entry (the index is final once shown). */
  ledgerStatus: 'integrated' | 'pending';
}

interface ResultRow {
  id: string;
  status: string;
  passed: boolean;
  findings: Finding[];
  rule_set_id: string | null;
  rule_set_key: string | null;
  rule_set_version: number | null;
  rules_sha256: string | null;
  content_sha256: string;
  declared_sha256: string;
  media_type: string;
  sniffed_media_type: string | null;
  worker: string;
  attempt: number;
  duration_ms: number;
  created_at: Date;
  ledger_idx: string | null;
}

@Injectable()
export class ValidationResultService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** With `ownedBy`, another bot's asset is reported as missing, not forbidden, so ids do not leak. */
  async get(
    assetId: string,
    versionNumber: number,
    ownedBy?: { botId: string },
  ): Promise<ValidationResultView> {
    const asset = await this.dataSource
      .getRepository(AssetEntity)
      .findOneBy(ownedBy ? { id: assetId, botId: ownedBy.botId } : { id: assetId });
    if (!asset) throw new NotFoundError(`Asset ${assetId} not found`);
    const version = await this.dataSource
      .getRepository(AssetVersionEntity)
      .findOneBy({ assetId, version: versionNumber });
    if (!version) throw new NotFoundError(`Asset ${assetId} has no version ${versionNumber}`);
    const [row] = await this.dataSource.query<ResultRow[]>(
      `SELECT r.id, r.status, r.passed, r.findings, s.id AS rule_set_id, s.key AS rule_set_key,
              sv.version AS rule_set_version, sv.rules_sha256, r.content_sha256, r.declared_sha256,
              r.media_type, r.sniffed_media_type, r.worker, r.attempt, r.duration_ms, r.created_at,
              (SELECT max(l.idx) FROM ledger_entries l
                WHERE l.asset_id = r.asset_id AND l.version_number = r.version_number
                  AND l.kind IN ('version.validated', 'version.validation_failed'))::text AS ledger_idx
         FROM validation_results r
         LEFT JOIN rule_set_versions sv ON sv.id = r.rule_set_version_id
         LEFT JOIN rule_sets s ON s.id = sv.rule_set_id
        WHERE r.version_id = $1`,
      [version.id],
    );
    if (!row) {
      throw new NotFoundError(
        `Version ${versionNumber} of asset ${assetId} has no validation result (${version.status})`,
      );
    }
    const applied = await this.dataSource.query<AppliedRuleSet[]>(
      `SELECT s.id, s.key, sv.version, sv.rules_sha256 AS "rulesSha256"
         FROM validation_result_rule_sets a
         JOIN rule_set_versions sv ON sv.id = a.rule_set_version_id
         JOIN rule_sets s ON s.id = sv.rule_set_id
        WHERE a.result_id = $1
        ORDER BY a.position`,
      [row.id],
    );
    return {
      id: row.id,
      assetId,
      version: versionNumber,
      status: row.status,
      passed: row.passed,
      findings: row.findings,
      ruleSet:
        row.rule_set_id === null
          ? null
          : {
              id: row.rule_set_id,
              key: row.rule_set_key!,
              version: row.rule_set_version!,
              rulesSha256: row.rules_sha256!,
            },
      ruleSets: applied,
      contentSha256: row.content_sha256,
      declaredSha256: row.declared_sha256,
      mediaType: row.media_type,
      sniffedMediaType: row.sniffed_media_type,
      worker: row.worker,
      attempt: row.attempt,
      durationMs: row.duration_ms,
      validatedAt: row.created_at.toISOString(),
      ledgerIndex: row.ledger_idx === null ? null : Number(row.ledger_idx),
      // The result and its queued event commit together, so a result without an entry is pending.
      ledgerStatus: row.ledger_idx === null ? 'pending' : 'integrated',
    };
  }
}
