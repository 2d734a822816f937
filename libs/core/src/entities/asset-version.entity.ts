import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { Finding, VersionStatus } from '@app/domain';

@Entity('asset_versions')
@Unique('uq_asset_versions_asset_version', ['assetId', 'version'])
@Index('idx_asset_versions_pending', ['updatedAt'], {
  where: `status IN ('submitted', 'validating', 'approved')`,
})
export class AssetVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'asset_id', type: 'uuid' })
  assetId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  status!: VersionStatus;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ name: 'declared_sha256', type: 'char', length: 64 })
  declaredSha256!: string;

  @Column({ name: 'content_sha256', type: 'char', length: 64 })
  contentSha256!: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  provenance!: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  findings!: Finding[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
