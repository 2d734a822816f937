import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Insert-only: database triggers refuse UPDATE, DELETE and TRUNCATE on this table. */
@Entity('ledger_entries')
@Index('idx_ledger_entries_asset', ['assetId', 'index'])
export class LedgerEntryEntity {
  /** Dense leaf index 0..n-1, assigned under a transaction-scoped lock. */
  @PrimaryColumn({
    name: 'idx',
    type: 'bigint',
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  index!: number;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'asset_id', type: 'uuid', nullable: true })
  assetId!: string | null;

  /** The version an asset entry is about; NULL for other entries and those from before signing. */
  @Column({ name: 'version_number', type: 'integer', nullable: true })
  versionNumber!: number | null;

  /** The previous entry of the same asset, so an asset's history can be walked without a scan. */
  @Column({
    name: 'prev_asset_idx',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  prevAssetIndex!: number | null;

  /** A DSSE envelope of an in-toto statement: the exact bytes hashed and exported, never re-serialised. */
  @Column({ type: 'bytea' })
  entry!: Buffer;

  @Column({ name: 'leaf_hash', type: 'bytea' })
  leafHash!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
