import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  assertTransition,
  checkDeclaredHash,
  passes,
  statusAfterValidation,
  VersionStatus,
} from '@app/domain';
import type { Finding } from '@app/domain';
import { JobName, QueueProducer } from '@app/queues';
import { AssetClassEntity, AssetEntity, AssetVersionEntity, ContentBlobEntity } from '../entities';
import { sha256Hex } from '../hashing';
import { LedgerService } from '../ledger/ledger.service';

@Injectable()
export class ValidationService {
  private readonly logger = new Logger(ValidationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly queues: QueueProducer,
  ) {}

  /**
   * Validates one version. Jobs are delivered at least once, so this is idempotent: the row lock
   * serialises duplicate deliveries, and a version no longer `validating` was already handled.
   */
  async validate(versionId: string): Promise<VersionStatus | null> {
    const status = await this.dataSource.transaction(async (em) => {
      const version = await em.findOne(AssetVersionEntity, {
        where: { id: versionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!version) return null;
      if (version.status !== VersionStatus.Validating) return version.status;

      const blob = await em.findOneByOrFail(ContentBlobEntity, { sha256: version.contentSha256 });
      const actual = sha256Hex(blob.bytes);
      const findings: Finding[] = checkDeclaredHash(version.declaredSha256, actual);
      const asset = await em.findOneByOrFail(AssetEntity, { id: version.assetId });
      const assetClass = await em.findOneByOrFail(AssetClassEntity, { id: asset.classId });
      const next = statusAfterValidation(passes(findings), assetClass.mode);
      assertTransition(version.status, next);

      await em.update(AssetVersionEntity, { id: version.id }, { status: next, findings });
      await this.ledger.append(em, {
        kind: next === VersionStatus.ValidationFailed ? 'version.validation_failed' : 'version.validated',
        assetId: version.assetId,
        actor: { type: 'system', id: 'validation-worker' },
        data: { version: version.version, contentSha256: actual, findings, status: next },
      });
      return next;
    });

    if (status === null) this.logger.warn({ versionId }, 'validation job for a version that does not exist');
    // Also on a redelivery: the release job may have been lost after the first delivery committed.
    if (status === VersionStatus.Approved) await this.queues.enqueue(JobName.ReleaseVersion, versionId);
    return status;
  }
}
