import { textAsset } from '../support/assets';
import { poll, report, settleAll, validatedCount, verifyRun } from '../support/chaos-checks';
import {
  chaosSeed,
  planSubmissions,
  seededRandom,
  submitAll,
  ChaosRun,
  startChaosRun,
} from '../support/chaos-plan';
import { bearer } from '../support/people';
import { chaosCluster, PostgresCluster } from '../support/postgres-cluster';

const TOTAL = Number(process.env.CHAOS_RESTART_SUBMISSIONS ?? 400);
const PROBE_TITLE = 'chaos probe sent during the outage';

describe(`chaos: PostgreSQL restarted while ${TOTAL} submissions are in flight`, () => {
  let cluster: PostgresCluster;
  let run: ChaosRun;

  beforeAll(async () => {
    // First, so a cluster that is not the tests' own stops the file before anything else.
    cluster = await chaosCluster();
    run = await startChaosRun({ RECONCILE_INTERVAL_MS: '1000' });
  }, 120_000);
  afterAll(() => run.stop(), 120_000);

  /** Calls of every kind, each of which must be refused with a 503 while the database is down. */
  async function probe(assetId: string): Promise<Record<string, number>> {
    const { q, admin } = run;
    const calls = {
      'submission (bot key)': q.http
        .post('/v1/assets')
        .set(bearer(q.demo.botKey))
        .send(textAsset(`${PROBE_TITLE}.`, { title: PROBE_TITLE })),
      'read (bot key)': q.http.get(`/v1/assets/${assetId}`).set(bearer(q.demo.botKey)),
      'list (JWT)': q.http.get('/v1/assets').set(bearer(admin.accessToken)),
      'inbox (JWT)': q.http.get('/v1/reviews/inbox').set(bearer(admin.accessToken)),
      'who am I (JWT)': q.http.get('/v1/auth/me').set(bearer(admin.accessToken)),
      'login (password)': q.http
        .post('/v1/auth/login')
        .send({ email: admin.email, password: admin.password }),
    };
    const statuses: Record<string, number> = {};
    // A hang is a failure too: each call must be answered within seconds.
    for (const [what, call] of Object.entries(calls)) statuses[what] = (await call.timeout(10_000)).status;
    return statuses;
  }

  it('answers 503 during the outage, half-writes nothing, and settles every accepted submission', async () => {
    const { q, admin, worker } = run;
    const started = Date.now();
    const seed = chaosSeed('postgres-restart');
    const random = seededRandom(seed);
    const plan = planSubmissions(TOTAL, seed);
    const outageAt = Math.floor((0.2 + random() * 0.4) * TOTAL);
    const downForMs = 2000 + Math.floor(random() * 2000);

    await worker.start();
    const submitting = submitAll(q, plan);
    submitting.catch(() => undefined);
    await poll(async () => (await validatedCount(q)) >= outageAt, 120_000, `${outageAt} validations`);
    const [{ id: assetId }] = await q.db.query(`SELECT id FROM assets LIMIT 1`);

    const stopping = Date.now();
    await cluster.stop();
    const stopped = Date.now();
    const probes = await probe(assetId);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, downForMs - (Date.now() - stopped))));
    await cluster.start();
    const outageMs = Date.now() - stopping;

    const log = await submitting;
    await settleAll(q, 120_000);
    const byStatus = await verifyRun(q, admin, { ...log, refused: [...log.refused, PROBE_TITLE] });
    expect(probes).toEqual(Object.fromEntries(Object.keys(probes).map((what) => [what, 503])));
    expect(log.accepted.size + log.refused.length).toBe(TOTAL);
    expect(worker.alive).toBe(true);
    report('postgres-restart', {
      seed,
      cluster: `${cluster.version} ${cluster.name} (port ${cluster.port})`,
      submitted: TOTAL,
      'accepted (202)': log.accepted.size,
      'refused (503), none stored': log.refused.length,
      'by state': byStatus,
      'outage ms (stop, probes, start)': outageMs,
      'probes during the outage': probes,
      seconds: Math.round((Date.now() - started) / 1000),
    });
  }, 300_000);
});
