/**
 * PostgreSQL advisory lock keys, all in one place: two features that picked the same number would
 * silently wait on each other (or skip work, with the try-lock the reconciler uses).
 */
export enum AdvisoryLock {
  /** Taken by the `ledger_lock_head` SQL function (migration 1764070000000), which nothing calls any more. */
  LedgerAppend = 7_301_104,
  /** Held by the transaction that writes the tree (a sequencer batch) or signs a checkpoint. */
  LedgerWrite = 7_301_105,
  Reconciler = 7_301_106,
  /** Held for as long as it lives by the one sequencer's dedicated connection (session-level). */
  LedgerSequencer = 7_301_107,
}
