// Response shapes of the API routes the app uses (see /docs-json).
export type VoteChoice = 'approve' | 'reject' | 'abstain';
export type DecisionState = 'open' | 'approved' | 'rejected' | 'expired' | 'superseded';

export interface Finding {
  ruleId: string;
  severity: 'error' | 'warning';
  message: string;
  location?: { line: number; column: number; length: number };
}

export interface Tally {
  W: number;
  A: number;
  R: number;
  B: number;
  U: number;
  approvers: number;
  approvedGroups: string[];
}

export interface Policy {
  mode: 'auto' | 'quorum';
  quorumBps: number;
  approvalBps: number;
  minApprovers: number;
  requiredGroups: string[];
  vetoGroups: string[];
  votingPeriodSeconds: number;
  earlyDecision: boolean;
}

export interface PolicyView extends Policy {
  id: string;
  classKey: string;
  version: number;
  createdAt: string;
}

export interface FormulaLine {
  check: string;
  formula: string;
  evaluated: string;
  holds: boolean;
}

export interface DecisionView {
  id: string;
  assetId: string;
  version: number;
  state: DecisionState;
  closedBy: string | null;
  openedAt: string;
  deadline: string;
  closedAt: string | null;
  policy: Policy & { id: string; version: number };
  roster: { voterId: string; weight: number; groups: string[] }[];
  votes: {
    voterId: string;
    choice: VoteChoice;
    reason: string;
    castAt: string;
    carriedFrom: string | null;
  }[];
  voterNames?: Record<string, string>;
  tally: Tally;
  checks: Record<string, boolean>;
  quorum: { cast: number; needed: number; total: number };
  explanation: {
    summary: string;
    formulas: FormulaLine[];
    voters: { voterId: string; weight: number; groups: string[]; choice: VoteChoice | null }[];
  };
}

export interface InboxItem {
  decisionId: string;
  assetId: string;
  title: string;
  classKey: string;
  version: number;
  deadline: string;
  myWeight: number;
  myVote: VoteChoice | null;
  tally: Tally;
}

export interface VersionView {
  version: number;
  status: string;
  mediaType: string;
  sha256: string;
  declaredSha256: string;
  provenance: {
    model?: string;
    promptSha256?: string;
    parent?: string;
    generator?: string;
    [k: string]: unknown;
  };
  findings: Finding[];
  createdAt: string;
  updatedAt: string;
}

export interface AssetView {
  id: string;
  classKey: string;
  title: string;
  status: string;
  currentVersion: number;
  createdAt: string;
  versions: VersionView[];
}

export interface AssetSummary {
  id: string;
  title: string;
  classKey: string;
  currentVersion: number;
  status: string;
  createdAt: string;
  updatedAt: string;
}

export interface AssetClassView {
  id: string;
  key: string;
  name: string;
  voterGroups: string[];
  policy: PolicyView;
}

export interface DryRunResult {
  draft: Policy;
  examined: number;
  changed: { id: string; before: string; after: string; summary: string }[];
}

export interface RuleSetView {
  id: string;
  key: string;
  name: string;
  description: string;
  version: number;
  versions: number;
  rules: unknown[];
  rulesSha256: string;
  archivedAt: string | null;
  classes: string[];
  createdAt: string;
}

export interface RuleSetTestResult {
  ruleSet: { id: string; key: string; version: number; rulesSha256: string };
  passes: boolean;
  findings: Finding[];
  sha256: string;
  sizeBytes: number;
  sniffedMediaType: string;
  durationMs: number;
}

export interface PersonView {
  id: string;
  email: string;
  displayName: string;
  role: 'admin' | 'reviewer';
  disabled: boolean;
  groups: string[];
  weights: Record<string, number>;
  createdAt: string;
}

export interface GroupView {
  key: string;
  name: string;
  members: string[];
}

export interface ApiKeyView {
  id: string;
  name: string;
  keyPrefix: string;
  ownerUserId: string;
  classKeys: string[];
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export const WEBHOOK_EVENTS = [
  'version.validated',
  'version.validation_failed',
  'decision.opened',
  'vote.cast',
  'decision.closed',
  'version.released',
] as const;

export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  disabled: boolean;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: '2xx' | '3xx' | '4xx' | '5xx' | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface LedgerEntriesPage {
  size: number;
  entries: {
    index: number;
    kind: string;
    assetId: string | null;
    leafHash: string;
    envelope: string;
    createdAt: string;
  }[];
  next: number | null;
}

export interface AuditReport {
  ok: boolean;
  size: number;
  rootHash: string;
  entriesChecked: number;
  firstBadIndex?: number | null;
  problems?: { index: number | null; problem: string }[];
}

export interface ProvenanceBundle {
  assetId: string;
  versionNumber: number;
  contentSha256: string;
  checkpoint: string;
  entries: { index: number; leafHash: string; envelope: string; inclusionProof: string[] }[];
}
