import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { LEDGER_QUEUE_CHANNEL } from '../../../../migrations/1764200000000-ledger-queue';

/** Set on a transaction's query runner once it has queued a ledger event. */
const QUEUED = 'ledgerEventsQueued';

export function markQueued(runner: QueryRunner | undefined): boolean {
  if (!runner?.isTransactionActive) return false;
  runner.data = { ...runner.data, [QUEUED]: true };
  return true;
}

/**
 * Wakes the sequencer after a transaction that queued ledger events commits, with a NOTIFY of its
 * own. A NOTIFY inside the business transaction would take PostgreSQL's notify lock until after its
 * commit, serialising every such commit (and its WAL flush) across the cluster: the very lock the
 * queue exists to remove. At most one is in flight per process; commits meanwhile send one more
 * after it, so none is missed. The sequencer also polls, so a lost one costs a poll period.
 */
@Injectable()
export class LedgerWakeup implements EntitySubscriberInterface, OnModuleInit {
  private sending = false;
  private again = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    // Also called when a savepoint is released: only the outermost commit makes the events visible.
    if (runner.isTransactionActive || !runner.data?.[QUEUED]) return;
    runner.data = { ...runner.data, [QUEUED]: false };
    this.notify();
  }

  notify(): void {
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = true;
    this.dataSource
      .query(`SELECT pg_notify($1, '')`, [LEDGER_QUEUE_CHANNEL])
      .catch(() => undefined)
      .finally(() => {
        this.sending = false;
        if (this.again) {
          this.again = false;
          this.notify();
        }
      });
  }
}
