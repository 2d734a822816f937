/** The states of one asset version, as DESIGN.md "Lifecycle of one asset version" draws them. */
export const VersionStatus = {
  Submitted: 'submitted',
  Validating: 'validating',
  ValidationFailed: 'validation_failed',
  InReview: 'in_review',
  Approved: 'approved',
  Released: 'released',
  Rejected: 'rejected',
  Expired: 'expired',
  Superseded: 'superseded',
  Withdrawn: 'withdrawn',
} as const;
export type VersionStatus = (typeof VersionStatus)[keyof typeof VersionStatus];

export const ALL_VERSION_STATUSES: readonly VersionStatus[] = Object.values(VersionStatus);

const FORWARD: Readonly<Record<VersionStatus, readonly VersionStatus[]>> = {
  submitted: ['validating'],
  validating: ['validation_failed', 'in_review', 'approved'],
  in_review: ['approved', 'rejected', 'expired'],
  approved: ['released'],
  validation_failed: [],
  released: [],
  rejected: [],
  expired: [],
  superseded: [],
  withdrawn: [],
};

/** Terminal for this version: nothing further happens to it. `released` is the happy end. */
export function isTerminal(status: VersionStatus): boolean {
  return FORWARD[status].length === 0;
}

/** States in which the system itself still owes the version work (a job or a decision). */
export function isPendingWork(status: VersionStatus): boolean {
  return status === 'submitted' || status === 'validating' || status === 'approved';
}

export function canTransition(from: VersionStatus, to: VersionStatus): boolean {
  if (isTerminal(from)) return false;
  if (to === 'superseded' || to === 'withdrawn') return true;
  return FORWARD[from].includes(to);
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: VersionStatus,
    readonly to: VersionStatus,
  ) {
    super(`A version cannot move from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertTransition(from: VersionStatus, to: VersionStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

export type ReviewMode = 'auto' | 'quorum';

/** Where a version goes once its validation is known. */
export function statusAfterValidation(passed: boolean, mode: ReviewMode): VersionStatus {
  if (!passed) return VersionStatus.ValidationFailed;
  return mode === 'auto' ? VersionStatus.Approved : VersionStatus.InReview;
}
