import { textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerSettled } from './support/ledger';
import { bearer, createPerson } from './support/people';
import { createClass, createRuleSet } from './support/rule-sets';
import { WorkerProcess } from './support/worker-process';

const TOTAL = 1000;
const SUBMITTERS = 8;
const DISCLAIMER = 'Terms apply.';

type Expected = 'released' | 'validation_failed' | 'in_review';

/** Submission i: its class, its text, and where validation must leave it. */
function plan(i: number): { body: Record<string, unknown>; expected: Expected } {
  const model = `model-${i % 4}`;
  switch (i % 3) {
    case 0:
      // No rule set: integrity and media checks only.
      return { body: textAsset(`Demo copy number ${i}`, { provenance: { model } }), expected: 'released' };
    case 1: {
      const bad = i % 7 === 1;
      const text = bad ? `Launch ${i}: pure synergy.` : `Launch ${i}: plain words.`;
      return {
        body: textAsset(text, { classKey: 'copy', provenance: { model } }),
        expected: bad ? 'validation_failed' : 'released',
      };
    }
    default: {
      const bad = i % 5 === 2;
      const text = bad ? `Clause ${i}.` : `Clause ${i}. ${DISCLAIMER}`;
      return {
        body: textAsset(text, { classKey: 'legal', provenance: { model } }),
        expected: bad ? 'validation_failed' : 'in_review',
      };
    }
  }
}

describe('a thousand submissions while the worker is killed twice', () => {
  let q: Quorate;
  let worker: WorkerProcess;

  beforeAll(async () => {
    q = await startQuorate({
      worker: false,
      // Each sweep of the reconciler costs two Redis round trips per pending version; with a backlog of
      // hundreds every 300 ms (the harness's period) it competes with the work. Jobs of a killed worker
      // come back through BullMQ's stalled-job check, not the reconciler, so this changes nothing checked.
      env: { SUBMIT_RATE_LIMIT: '100000', RECONCILE_INTERVAL_MS: '3000', WORKER_CONCURRENCY: '16' },
    });
    const admin = await createPerson(q, 'admin');
    await createClass(q, 'copy', 'auto');
    await createClass(q, 'legal', 'quorum');
    await createRuleSet(
      q.http,
      admin.accessToken,
      {
        key: 'copy',
        rules: [
          { id: 'no-buzzwords', kind: 'banned-term', severity: 'error', terms: ['synergy'] },
          { id: 'no-personal-data', kind: 'pii', severity: 'error', kinds: ['email', 'phone'] },
        ],
      },
      ['copy'],
    );
    await createRuleSet(
      q.http,
      admin.accessToken,
      {
        key: 'legal',
        rules: [
          { id: 'disclaimer', kind: 'required-phrase', severity: 'error', phrase: DISCLAIMER },
          { id: 'no-secrets', kind: 'secrets', severity: 'error' },
        ],
      },
      ['legal'],
    );
    worker = new WorkerProcess(q.env);
  }, 120_000);
  afterAll(async () => {
    await worker.kill();
    await q.close();
  }, 120_000);

  const validatedCount = async (): Promise<number> =>
    (await q.db.query(`SELECT count(*)::int AS n FROM validation_results`))[0].n;
  /** Polls at a gentle pace: the run is CPU-bound, and the poller should not compete with it. */
  const poll = async (check: () => Promise<boolean>, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const untilValidated = (n: number) =>
    poll(async () => (await validatedCount()) >= n, 90_000, `${n} validations`);

  it('brings every version to a terminal or review state, validated exactly once', async () => {
    await worker.start();

    const expected = new Map<string, Expected>();
    let next = 0;
    const submitting = Promise.all(
      Array.from({ length: SUBMITTERS }, async () => {
        for (let i = next++; i < TOTAL; i = next++) {
          const { body, expected: outcome } = plan(i);
          const response = await q.http.post('/v1/assets').set(bearer(q.demo.botKey)).send(body);
          if (response.status !== 202)
            throw new Error(`submission ${i}: ${response.status} ${response.text}`);
          expected.set(response.body.id as string, outcome);
        }
      }),
    );
    // Awaited below; until then a failure must not count as unhandled.
    submitting.catch(() => undefined);

    await untilValidated(TOTAL / 4);
    await worker.kill();
    await worker.start();
    await untilValidated((TOTAL * 3) / 5);
    await worker.kill();
    await worker.start();
    await submitting;

    await poll(
      async () => {
        const [{ pending }] = await q.db.query(
          `SELECT count(*)::int AS pending FROM asset_versions
            WHERE status IN ('submitted', 'validating', 'approved')`,
        );
        return pending === 0;
      },
      90_000,
      'every version to leave the pending states',
    );

    const statuses: { asset_id: string; status: string }[] = await q.db.query(
      `SELECT asset_id, status FROM asset_versions`,
    );
    expect(statuses).toHaveLength(TOTAL);
    const wrong = statuses.filter((s) => s.status !== expected.get(s.asset_id));
    expect(wrong).toEqual([]);

    // Exactly one validation entry per version in the ledger, and exactly one result row.
    await ledgerSettled(q.db);
    const [{ versions, entries, duplicated }] = await q.db.query(
      `SELECT count(*)::int AS versions, COALESCE(sum(n), 0)::int AS entries,
              count(*) FILTER (WHERE n <> 1)::int AS duplicated
         FROM (SELECT asset_id, version_number, count(*) AS n FROM ledger_entries
                WHERE kind IN ('version.validated', 'version.validation_failed')
                GROUP BY asset_id, version_number) per_version`,
    );
    expect({ versions, entries, duplicated }).toEqual({ versions: TOTAL, entries: TOTAL, duplicated: 0 });
    expect(await validatedCount()).toBe(TOTAL);
    const [{ releases, released }] = await q.db.query(
      `SELECT (SELECT count(*)::int FROM ledger_entries WHERE kind = 'version.released') AS releases,
              (SELECT count(*)::int FROM asset_versions WHERE status = 'released') AS released`,
    );
    expect(releases).toBe(released);
    const [{ opened, reviewing }] = await q.db.query(
      `SELECT (SELECT count(*)::int FROM ledger_entries WHERE kind = 'decision.opened') AS opened,
              (SELECT count(*)::int FROM asset_versions WHERE status = 'in_review') AS reviewing`,
    );
    expect(opened).toBe(reviewing);

    // The results came from more than one worker process.
    const workers: { worker: string }[] = await q.db.query(`SELECT DISTINCT worker FROM validation_results`);
    expect(workers.length).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
