import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { poll, report, settleAll, verifyRun } from '../support/chaos-checks';
import { chaosSeed, planSubmissions, submitAll, ChaosRun, startChaosRun } from '../support/chaos-plan';
import { chaosCluster, PostgresCluster } from '../support/postgres-cluster';
import { WorkerProcess } from '../support/worker-process';

const TOTAL = Number(process.env.CHAOS_SEQUENCER_SUBMISSIONS ?? 150);

const entryCount = async (run: ChaosRun): Promise<number> =>
  (await run.q.db.query(`SELECT count(*)::int AS n FROM ledger_entries`))[0].n;

describe(`chaos: the ledger sequencer (${TOTAL} submissions per scenario)`, () => {
  let cluster: PostgresCluster;
  let dir: string;

  beforeAll(async () => {
    // First, so a cluster that is not the tests' own stops the file before anything else.
    cluster = await chaosCluster();
    dir = mkdtempSync(path.join(os.tmpdir(), 'quorate-sequencer-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A worker whose first batch stops inside its transaction, written but not committed. */
  async function heldWorker(run: ChaosRun, name: string): Promise<{ worker: WorkerProcess; file: string }> {
    const file = path.join(dir, name);
    const worker = new WorkerProcess({ ...run.q.env, LEDGER_SEQUENCER_HOLD_FILE: file });
    await worker.start();
    await poll(() => Promise.resolve(existsSync(file)), 120_000, 'the sequencer to hold inside a batch');
    return { worker, file };
  }

  it('integrates nothing of a batch whose sequencer is SIGKILLed inside it, and all of it after', async () => {
    const run = await startChaosRun({ RECONCILE_INTERVAL_MS: '1000' });
    try {
      const seed = chaosSeed('sequencer-kill');
      const submitting = submitAll(run.q, planSubmissions(TOTAL, seed));
      submitting.catch(() => undefined);
      const before = await entryCount(run);
      const { worker, file } = await heldWorker(run, 'kill');
      const held = JSON.parse(readFileSync(file, 'utf8')) as { size: number; events: number };
      expect(held.events).toBeGreaterThan(0);
      // Written in the held transaction, invisible outside it; then the process dies with it open.
      expect(await entryCount(run)).toBe(before);
      await worker.kill();
      unlinkSync(file);
      expect(await entryCount(run)).toBe(before);

      await run.worker.start();
      const log = await submitting;
      await settleAll(run.q, 180_000);
      const byStatus = await verifyRun(run.q, run.admin, log);
      report('sequencer-kill', { seed, submitted: TOTAL, 'held batch': held, 'by state': byStatus });
    } finally {
      await run.stop();
    }
  }, 300_000);

  it('keeps one sequence when two workers start at once', async () => {
    const run = await startChaosRun({ RECONCILE_INTERVAL_MS: '1000' });
    const second = new WorkerProcess(run.q.env);
    try {
      const seed = chaosSeed('sequencer-pair');
      const submitting = submitAll(run.q, planSubmissions(TOTAL, seed));
      submitting.catch(() => undefined);
      await Promise.all([run.worker.start(), second.start()]);
      const log = await submitting;
      await settleAll(run.q, 180_000);
      const byStatus = await verifyRun(run.q, run.admin, log);
      expect(second.alive && run.worker.alive).toBe(true);
      report('sequencer-pair', { seed, submitted: TOTAL, 'by state': byStatus });
    } finally {
      await second.kill();
      await run.stop();
    }
  }, 300_000);

  it('integrates everything exactly once when PostgreSQL restarts while a batch is held open', async () => {
    const run = await startChaosRun({ RECONCILE_INTERVAL_MS: '1000' });
    try {
      const seed = chaosSeed('sequencer-restart');
      const submitting = submitAll(run.q, planSubmissions(TOTAL, seed));
      submitting.catch(() => undefined);
      const { worker, file } = await heldWorker(run, 'restart');
      const held = JSON.parse(readFileSync(file, 'utf8')) as { size: number; events: number };
      await cluster.stop();
      // Released while the database is down: the held batch's commit has no connection to go to.
      unlinkSync(file);
      await cluster.start();
      const log = await submitting;
      await settleAll(run.q, 180_000);
      const byStatus = await verifyRun(run.q, run.admin, log);
      expect(worker.alive).toBe(true);
      await worker.kill();
      report('sequencer-restart', {
        seed,
        submitted: TOTAL,
        'held batch': held,
        'accepted (202)': log.accepted.size,
        'refused (503), none stored': log.refused.length,
        'by state': byStatus,
      });
    } finally {
      await run.stop();
    }
  }, 300_000);
});
