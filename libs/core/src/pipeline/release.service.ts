import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertTransition, VersionStatus } from '@app/domain';
import { FollowUp, QueueProducer } from '@app/queues';
import { AssetVersionEntity } from '../entities';
import { WebhookService } from '../webhooks/webhook.service';
import { LedgerService } from '../ledger/ledger.service';

@Injectable()
export class ReleaseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly webhooks: WebhookService,
    private readonly queues: QueueProducer,
  ) {}

  /** Releases an approved version; idempotent under redelivery like every job. */
  async release(versionId: string): Promise<VersionStatus | null> {
    const outcome = await this.dataSource.transaction(
      async (em): Promise<{ status: VersionStatus | null; followUps: FollowUp[] }> => {
        const version = await em.findOne(AssetVersionEntity, {
          where: { id: versionId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!version) return { status: null, followUps: [] };
        if (version.status !== VersionStatus.Approved) return { status: version.status, followUps: [] };
        assertTransition(version.status, VersionStatus.Released);
        await em.update(AssetVersionEntity, { id: version.id }, { status: VersionStatus.Released });
        await this.ledger.append(em, {
          kind: 'version.released',
          assetId: version.assetId,
          versionNumber: version.version,
          contentSha256: version.contentSha256,
          actor: { type: 'system', id: 'release-worker' },
          data: {
            version: version.version,
            contentSha256: version.contentSha256,
            status: VersionStatus.Released,
          },
        });
        const followUps = await this.webhooks.emit(em, 'version.released', {
          assetId: version.assetId,
          version: version.version,
          contentSha256: version.contentSha256,
        });
        return { status: VersionStatus.Released, followUps };
      },
    );
    await this.queues.enqueueAfterCommit(outcome.followUps);
    return outcome.status;
  }
}
