import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertTransition, VersionStatus } from '@app/domain';
import { AssetVersionEntity } from '../entities';
import { LedgerService } from '../ledger/ledger.service';

@Injectable()
export class ReleaseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
  ) {}

  /** Releases an approved version; idempotent under redelivery like every job. */
  async release(versionId: string): Promise<VersionStatus | null> {
    return this.dataSource.transaction(async (em) => {
      const version = await em.findOne(AssetVersionEntity, {
        where: { id: versionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!version) return null;
      if (version.status !== VersionStatus.Approved) return version.status;
      assertTransition(version.status, VersionStatus.Released);
      await em.update(AssetVersionEntity, { id: version.id }, { status: VersionStatus.Released });
      await this.ledger.append(em, {
        kind: 'version.released',
        assetId: version.assetId,
        actor: { type: 'system', id: 'release-worker' },
        data: {
          version: version.version,
          contentSha256: version.contentSha256,
          status: VersionStatus.Released,
        },
      });
      return VersionStatus.Released;
    });
  }
}
