import { poll, report, settleAll, validatedCount, verifyRun } from '../support/chaos-checks';
import {
  chaosSeed,
  planSubmissions,
  seededRandom,
  submitAll,
  ChaosRun,
  startChaosRun,
} from '../support/chaos-plan';

const TOTAL = Number(process.env.CHAOS_FLUSH_SUBMISSIONS ?? 400);
const FLUSHES = 2;

describe(`chaos: Redis flushed while ${TOTAL} submissions are in flight`, () => {
  let run: ChaosRun;

  beforeAll(async () => {
    // The reconciler is the only way back for work whose jobs were flushed; one sweep a second.
    run = await startChaosRun({ RECONCILE_INTERVAL_MS: '1000' });
  }, 120_000);
  afterAll(() => run.stop(), 120_000);

  it('loses no work: the reconciler re-enqueues what the database says is pending', async () => {
    const { q, admin, worker } = run;
    const started = Date.now();
    const seed = chaosSeed('redis-flush');
    const random = seededRandom(seed);
    const plan = planSubmissions(TOTAL, seed);
    const flushAt = Array.from({ length: FLUSHES }, () => Math.floor((0.1 + random() * 0.6) * TOTAL)).sort(
      (a, b) => a - b,
    );

    await worker.start();
    const submitting = submitAll(q, plan);
    submitting.catch(() => undefined);
    const flushes: { atValidated: number; keysFlushed: number; pendingVersions: number }[] = [];
    for (const threshold of flushAt) {
      await poll(async () => (await validatedCount(q)) >= threshold, 120_000, `${threshold} validations`);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 300)));
      // This file's own leased Redis database, never the whole server.
      const keysFlushed = await q.redis.dbsize();
      await q.redis.flushdb();
      const [{ pending }] = await q.db.query(
        `SELECT count(*)::int AS pending FROM asset_versions WHERE status IN ('submitted', 'validating', 'approved')`,
      );
      flushes.push({ atValidated: await validatedCount(q), keysFlushed, pendingVersions: pending });
    }
    const log = await submitting;
    await settleAll(q, 120_000);

    const byStatus = await verifyRun(q, admin, log);
    expect(log.accepted.size).toBe(TOTAL);
    expect(worker.alive).toBe(true);
    // The flushes hit work in flight, or they proved nothing.
    expect(flushes.every((flush) => flush.keysFlushed > 0)).toBe(true);
    report('redis-flush', {
      seed,
      submitted: TOTAL,
      accepted: log.accepted.size,
      'by state': byStatus,
      'FLUSHDBs (validated so far, keys flushed, versions then pending)': flushes,
      seconds: Math.round((Date.now() - started) / 1000),
    });
  }, 300_000);
});
