import type { INestApplicationContext } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import { startWorker } from '../apps/worker/src/main';
import { RulePool } from '../libs/core/src/rules/rule-pool.service';
import { RULE_THREAD_HOLD_MARKER } from '../libs/core/src/rules/rule-thread.protocol';
import { QueueName, redisOptionsFromUrl } from '../libs/queues/src';
import { settled, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerEvents } from './support/ledger';
import { bearer, createPerson } from './support/people';
import { createClass, createRuleSet } from './support/rule-sets';

const TIMEOUT_MS = 4000;

describe('rules that take too long', () => {
  let q: Quorate;
  let worker: INestApplicationContext;
  let events: QueueEvents;
  const stalled: string[] = [];

  beforeAll(async () => {
    // Job locks (2 s) shorter than the rules' time bound (8 s): a run that blocked the event loop would
    // lose its lock and be reported stalled.
    q = await startQuorate({
      worker: false,
      env: { RULE_TIMEOUT_MS: String(TIMEOUT_MS), RULE_THREADS: '2', JOB_LOCK_MS: '2000' },
    });
    worker = await startWorker(q.env);
    const admin = await createPerson(q, 'admin');
    await createClass(q, 'quick');
    await createClass(q, 'slow');
    await createRuleSet(
      q.http,
      admin.accessToken,
      {
        key: 'quick',
        rules: [
          {
            id: 'ends-in-a',
            kind: 'pattern',
            severity: 'error',
            pattern: '(a+)+$',
            mustMatch: true,
            message: 'Copy must end in a run of "a"',
          },
        ],
      },
      ['quick'],
    );
    const slowRules = [
      {
        id: 'letters',
        kind: 'pattern',
        severity: 'warning',
        pattern: '[ab]',
        mustMatch: false,
        message: 'a letter',
      },
    ];
    await createRuleSet(q.http, admin.accessToken, { key: 'slow', rules: slowRules }, ['slow']);

    events = new QueueEvents(QueueName.Validation, {
      connection: redisOptionsFromUrl(q.env.REDIS_URL),
      prefix: q.env.QUEUE_PREFIX,
    });
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    await events.waitUntilReady();

    // Start both rule threads now, so that thread start-up (slow from TypeScript source) is not timed.
    const pool = worker.get(RulePool);
    const warm = { rules: [] };
    await Promise.all([
      pool.run(Buffer.from('a'), 'text/plain', warm),
      pool.run(Buffer.from('a'), 'text/plain', warm),
    ]);
  });
  afterAll(async () => {
    await events.close();
    await worker.close();
    await q.close();
  });

  const quick = (text: string, title = 'quick') => textAsset(text, { classKey: 'quick', title });
  const validation = async (id: string) =>
    (await q.http.get(`/v1/assets/${id}/versions/1/validation`).set(bearer(q.demo.botKey)).expect(200)).body;

  it('runs (a+)+$ on fifty "a" and a "!" in linear time, with a finding, while other jobs flow', async () => {
    const hostile = await submit(q.http, q.demo.botKey, quick(`${'a'.repeat(50)}!`, 'hostile'));
    const others = await Promise.all(
      Array.from({ length: 10 }, (_, i) => submit(q.http, q.demo.botKey, quick(`Banana number ${i} a`))),
    );
    const asset = await settled(q.http, q.demo.botKey, hostile, 10_000);
    expect(asset.status).toBe('validation_failed');
    // The rule's own finding, not rules.timeout: the match finished well inside its time bound.
    expect(asset.versions[0].findings).toEqual([
      { ruleId: 'ends-in-a', severity: 'error', message: 'Copy must end in a run of "a"' },
    ]);
    for (const id of others)
      expect((await settled(q.http, q.demo.botKey, id, 10_000)).status).toBe('released');
  });

  it('stops a run at its time bound with a finding, and keeps serving other jobs and its job lock meanwhile', async () => {
    // In NODE_ENV=test a rule thread given content that starts with the marker waits forever, so
    // this run cannot finish inside any bound, however fast the machine.
    const slowText = `${RULE_THREAD_HOLD_MARKER}\n${'ab'.repeat(20)}\n`;
    const slow = await submit(
      q.http,
      q.demo.botKey,
      textAsset(slowText, { classKey: 'slow', title: 'slow' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));

    const others = await Promise.all(
      Array.from({ length: 6 }, (_, i) => submit(q.http, q.demo.botKey, quick(`Quick copy ${i}, a`))),
    );
    for (const id of others)
      expect((await settled(q.http, q.demo.botKey, id, 10_000)).status).toBe('released');
    // The others did not wait for the slow run: it is still going when they are all released.
    const [{ status: slowWhileOthersDone }] = await q.db.query(
      `SELECT status FROM asset_versions WHERE asset_id = $1`,
      [slow],
    );
    expect(slowWhileOthersDone).toBe('validating');

    const asset = await settled(q.http, q.demo.botKey, slow, 20_000);
    expect(asset.status).toBe('validation_failed');
    expect(asset.versions[0].findings).toEqual([
      {
        ruleId: 'rules.timeout',
        severity: 'error',
        message: `The rules did not finish within ${TIMEOUT_MS} ms and were stopped; the content was not fully checked`,
      },
    ]);
    const result = await validation(slow);
    expect(result.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(result.attempt).toBe(1);
    expect(stalled).toEqual([]);
    const entries = await ledgerEvents(
      q.db,
      `asset_id = $1 AND kind IN ('version.validated', 'version.validation_failed')`,
      [slow],
    );
    expect(entries).toHaveLength(1);

    // The terminated thread was replaced: the pool still works.
    const after = await submit(q.http, q.demo.botKey, quick('One more, a'));
    expect((await settled(q.http, q.demo.botKey, after, 20_000)).status).toBe('released');
  });
});
