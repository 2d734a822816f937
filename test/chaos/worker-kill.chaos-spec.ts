import { poll, report, settleAll, validatedCount, verifyRun } from '../support/chaos-checks';
import {
  chaosSeed,
  planSubmissions,
  seededRandom,
  submitAll,
  ChaosRun,
  startChaosRun,
} from '../support/chaos-plan';

const TOTAL = Number(process.env.CHAOS_SUBMISSIONS ?? 2000);
const KILLS = 4;

describe(`chaos: the worker killed with SIGKILL during ${TOTAL} submissions`, () => {
  let run: ChaosRun;

  beforeAll(async () => {
    // A backlog of hundreds makes each reconciler sweep costly; jobs of a killed worker come back
    // through BullMQ's stalled-job check (and the reconciler once they fail), whatever the period.
    run = await startChaosRun({ RECONCILE_INTERVAL_MS: '3000' });
  }, 120_000);
  afterAll(() => run.stop(), 120_000);

  it('brings every version to one terminal or review state, with a ledger that passes its audit', async () => {
    const { q, admin, worker } = run;
    const started = Date.now();
    const seed = chaosSeed('worker-kill');
    const random = seededRandom(seed);
    const plan = planSubmissions(TOTAL, seed);
    // Each kill lands once a random share of the plan is validated, then after a random few hundred ms.
    const killAt = Array.from({ length: KILLS }, () => Math.floor((0.05 + random() * 0.85) * TOTAL)).sort(
      (a, b) => a - b,
    );

    await worker.start();
    const submitting = submitAll(q, plan);
    // Awaited below; until then a failure must not count as unhandled.
    submitting.catch(() => undefined);
    const kills: { atValidated: number; ms: number }[] = [];
    for (const threshold of killAt) {
      await poll(async () => (await validatedCount(q)) >= threshold, 180_000, `${threshold} validations`);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 500)));
      kills.push({ atValidated: await validatedCount(q), ms: Date.now() - started });
      await worker.kill();
      await worker.start();
    }
    const log = await submitting;
    await settleAll(q, 180_000);

    const byStatus = await verifyRun(q, admin, log);
    expect(log.accepted.size).toBe(TOTAL);
    report('worker-kill', {
      seed,
      submitted: TOTAL,
      accepted: log.accepted.size,
      'by state': byStatus,
      'SIGKILLs (validated so far, ms into the run)': kills,
      seconds: Math.round((Date.now() - started) / 1000),
    });
  }, 360_000);
});
