/**
 * PostgreSQL advisory lock keys, all in one place: two features that picked the same number would
 * silently wait on each other (or skip work, with the try-lock the reconciler uses).
 */
export enum AdvisoryLock {
  /** Taken by the `ledger_lock_head` SQL function (migration 1764070000000), which holds its own copy. */
  LedgerAppend = 7_301_104,
  CheckpointSigning = 7_301_105,
  Reconciler = 7_301_106,
}
