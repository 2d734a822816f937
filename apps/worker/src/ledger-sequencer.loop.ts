import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { existsSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import type { Env } from '@app/config';
import { LEDGER_QUEUE_CHANNEL, LedgerSequencer, SEQUENCER_ELECTION_LOCK } from '@app/core';

/** How often a standby asks to be elected: a dead holder's successor takes over within about this. */
export const ELECTION_RETRY_MS = 250;
/** The fallback when no notification comes (one lost with a connection, say). */
export const IDLE_POLL_MS = 200;

/**
 * Runs the log's one sequencer. Every worker process starts one; the one whose dedicated connection
 * holds the session-level AdvisoryLock.LedgerSequencer integrates, the others wait to be elected.
 * PostgreSQL drops the lock with the connection, so a killed holder's successor takes over promptly.
 * The leader listens on that connection for the queue's notifications, and polls briefly besides.
 */
@Injectable()
export class LedgerSequencerLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LedgerSequencerLoop.name);
  private stopped = false;
  private running?: Promise<void>;
  private woken = false;
  private wakeUp?: () => void;

  constructor(
    private readonly sequencer: LedgerSequencer,
    private readonly config: ConfigService<Env, true>,
  ) {
    // Fault tests only: never set in a deployment (see holdBeforeCommit).
    const holdFile = process.env.LEDGER_SEQUENCER_HOLD_FILE;
    if (holdFile) sequencer.beforeCommit = holdBeforeCommit(holdFile);
  }

  onApplicationBootstrap(): void {
    this.running = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.lead();
      } catch (error) {
        this.logger.warn({ err: error }, 'ledger sequencer stopped; will stand for election again');
      }
      await this.sleep(ELECTION_RETRY_MS);
    }
  }

  /** Connects, waits to be elected, then integrates until its connection is lost or it stops. */
  private async lead(): Promise<void> {
    // Direct, not through a transaction-mode pooler: the session lock and LISTEN live on this connection.
    const connectionString =
      this.config.get('DATABASE_DIRECT_URL', { infer: true }) ??
      this.config.get('DATABASE_URL', { infer: true });
    const client = new Client({ connectionString });
    let lost = false;
    const onLost = () => {
      lost = true;
      this.wake();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      while (!this.stopped && !lost) {
        const { rows } = await client.query<{ elected: boolean }>(
          'SELECT pg_try_advisory_lock($1) AS elected',
          [SEQUENCER_ELECTION_LOCK],
        );
        if (rows[0].elected) break;
        await this.sleep(ELECTION_RETRY_MS);
      }
      if (this.stopped || lost) return;
      await client.query(`LISTEN ${LEDGER_QUEUE_CHANNEL}`);
      this.logger.log('elected ledger sequencer');
      while (!this.stopped && !lost) {
        this.woken = false;
        const { more } = await this.sequencer.integrateBatch();
        if (!more) await this.sleep(IDLE_POLL_MS);
      }
    } finally {
      client.removeListener('end', onLost);
      await client.end().catch(() => undefined);
    }
  }

  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Waits `ms`, or less if woken meanwhile (including during the batch just run). */
  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopped) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        this.woken = false;
        done();
      };
    });
  }
}

/**
 * For the fault tests: the first batch with events writes `file` (its size and event count) and
 * then waits inside its transaction, written but not committed, until the file is removed; so a test
 * can SIGKILL the process or restart PostgreSQL at a known point of a batch.
 */
export function holdBeforeCommit(file: string): (batch: { size: number; events: number }) => Promise<void> {
  let held = false;
  return async (batch) => {
    if (held) return;
    held = true;
    writeFileSync(file, JSON.stringify(batch));
    while (existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 50));
  };
}
