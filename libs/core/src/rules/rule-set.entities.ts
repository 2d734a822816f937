import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Finding, Rule } from '@app/domain';

/** The stable identity of a rule set; its content lives in versions. Only `archivedAt` ever changes. */
@Entity('rule_sets')
export class RuleSetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}

/** One immutable version of a rule set: a trigger refuses UPDATE and DELETE. */
@Entity('rule_set_versions')
export class RuleSetVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'rule_set_id', type: 'uuid' })
  ruleSetId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** As validateRuleSet rebuilt them, so only checked fields are ever stored. */
  @Column({ type: 'jsonb' })
  rules!: Rule[];

  /** SHA-256 of the rules as canonical JSON (keys sorted), which the ledger records. */
  @Column({ name: 'rules_sha256', type: 'char', length: 64 })
  rulesSha256!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** What one validation of one version found, and with what; insert-only. */
@Entity('validation_results')
export class ValidationResultEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'version_id', type: 'uuid', unique: true })
  versionId!: string;

  @Column({ name: 'asset_id', type: 'uuid' })
  assetId!: string;

  @Column({ name: 'version_number', type: 'integer' })
  versionNumber!: number;

  @Column({ name: 'class_id', type: 'uuid' })
  classId!: string;

  @Column({ type: 'text' })
  status!: 'validation_failed' | 'in_review' | 'approved';

  @Column({ type: 'boolean' })
  passed!: boolean;

  @Column({ type: 'jsonb' })
  findings!: Finding[];

  @Column({ name: 'rule_set_version_id', type: 'uuid', nullable: true })
  ruleSetVersionId!: string | null;

  @Column({ name: 'content_sha256', type: 'char', length: 64 })
  contentSha256!: string;

  @Column({ name: 'declared_sha256', type: 'char', length: 64 })
  declaredSha256!: string;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ name: 'sniffed_media_type', type: 'text', nullable: true })
  sniffedMediaType!: string | null;

  @Column({ type: 'text' })
  worker!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A content hash admins refuse in every class. */
@Entity('blocked_hashes')
export class BlockedHashEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export const RULE_ENTITIES = [RuleSetEntity, RuleSetVersionEntity, ValidationResultEntity, BlockedHashEntity];
