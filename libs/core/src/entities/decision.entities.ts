import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ClosedBy, Decision, ReviewMode, RosterEntry, VoteChoice } from '@app/domain';

/** One immutable version of a class's consensus policy. */
@Entity('consensus_policies')
export class ConsensusPolicyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'class_id', type: 'uuid' })
  classId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  mode!: ReviewMode;

  @Column({ name: 'quorum_bps', type: 'integer' })
  quorumBps!: number;

  @Column({ name: 'approval_bps', type: 'integer' })
  approvalBps!: number;

  @Column({ name: 'min_approvers', type: 'integer' })
  minApprovers!: number;

  @Column({ name: 'required_groups', type: 'text', array: true })
  requiredGroups!: string[];

  @Column({ name: 'veto_groups', type: 'text', array: true })
  vetoGroups!: string[];

  @Column({ name: 'voting_period_seconds', type: 'integer' })
  votingPeriodSeconds!: number;

  @Column({ name: 'early_decision', type: 'boolean' })
  earlyDecision!: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('asset_class_voter_groups')
export class AssetClassVoterGroupEntity {
  @PrimaryColumn({ name: 'class_id', type: 'uuid' })
  classId!: string;

  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId!: string;
}

export type DecisionRecordState = Decision['state'] | 'superseded' | 'withdrawn';

/** A review of one version, with the policy and roster frozen when it opened. */
@Entity('decisions')
export class DecisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'version_id', type: 'uuid', unique: true })
  versionId!: string;

  @Column({ name: 'asset_id', type: 'uuid' })
  assetId!: string;

  @Column({ name: 'policy_id', type: 'uuid' })
  policyId!: string;

  @Column({ type: 'jsonb' })
  roster!: RosterEntry[];

  @Column({ type: 'text' })
  state!: DecisionRecordState;

  @Column({ name: 'closed_by', type: 'text', nullable: true })
  closedBy!: ClosedBy | 'superseded' | 'withdrawn' | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ type: 'timestamptz' })
  deadline!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** The tally, checks and explanation at closing, kept so the outcome can be shown as it was decided. */
  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, unknown> | null;
}

@Entity('votes')
export class VoteEntity {
  /** bigint comes back from pg as a string; the order of ids is the order votes were cast. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId!: string;

  @Column({ name: 'voter_id', type: 'uuid' })
  voterId!: string;

  @Column({ type: 'text' })
  choice!: VoteChoice;

  @Column({ type: 'text', default: '' })
  reason!: string;

  @Column({ name: 'carried_from', type: 'uuid', nullable: true })
  carriedFrom!: string | null;

  @Column({
    name: 'ledger_index',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  /** Set only on votes cast before the ledger's queue; later ones name their queued event instead. */
  ledgerIndex!: number | null;

  /** The queued ledger event that records this vote (its id; the entry's index comes at integration). */
  @Column({ name: 'ledger_event', type: 'bigint', nullable: true })
  ledgerEvent!: string | null;

  @Column({ name: 'cast_at', type: 'timestamptz' })
  castAt!: Date;
}

export const WEBHOOK_EVENTS = [
  'version.validated',
  'version.validation_failed',
  'decision.opened',
  'vote.cast',
  'decision.closed',
  'version.released',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** `standard` receives signed JSON events; `slack` receives chat messages (Slack, Mattermost, Rocket.Chat). */
export const WEBHOOK_KINDS = ['standard', 'slack'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

@Entity('webhooks')
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', array: true })
  events!: WebhookEvent[];

  @Column({ type: 'text', default: 'standard' })
  kind!: WebhookKind;

  /** With WEBHOOK_SECRET and the id, derives the signing key; null for keys derived from the id alone. */
  @Column({ name: 'secret_salt', type: 'text', nullable: true })
  secretSalt!: string | null;

  @Column({ name: 'previous_secret_salt', type: 'text', nullable: true })
  previousSecretSalt!: string | null;

  /** Until then, the key before the last rotation signs deliveries too. */
  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('webhook_deliveries')
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  webhookId!: string;

  @Column({ type: 'text' })
  event!: WebhookEvent;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'text' })
  status!: 'pending' | 'delivered' | 'failed';

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_status_class', type: 'text', nullable: true })
  lastStatusClass!: '2xx' | '3xx' | '4xx' | '5xx' | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
