import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Content is stored once, addressed by the SHA-256 the API computed from the bytes it received. */
@Entity('content_blobs')
export class ContentBlobEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'bytea' })
  bytes!: Buffer;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
