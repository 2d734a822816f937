import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { LedgerAudit, LedgerCheckpoints, LedgerKeys, LedgerSequencer } from '../libs/core/src/ledger';
import { LedgerEvent, LedgerService } from '../libs/core/src/ledger/ledger.service';
import { AdvisoryLock } from '../libs/core/src/advisory-locks';
import { settled, submit, textAsset } from './support/assets';
import { eventually, Quorate, startQuorate } from './support/harness';
import { bearer, createPerson } from './support/people';
import { ledgerEvents, ledgerSettled, waitForIntegration } from './support/ledger';
import { appendLegacy } from './support/ledger-legacy';

const SYSTEM = { type: 'system', id: 'test' } as const;
const plain = (i: number, extra: Record<string, unknown> = {}): LedgerEvent => ({
  kind: 'test.event',
  assetId: null,
  actor: SYSTEM,
  data: { i, ...extra },
});
const about = (assetId: string, kind: string): LedgerEvent => ({
  kind,
  assetId,
  versionNumber: 1,
  contentSha256: 'a'.repeat(64),
  actor: SYSTEM,
  data: {},
});

/** A transaction held open until `release` is called: the gate that makes commit order a test's choice. */
function openTransaction(q: Quorate, body: (em: EntityManager) => Promise<void>) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let ready!: () => void;
  const written = new Promise<void>((resolve) => (ready = resolve));
  const done = q.db.transaction(async (em) => {
    await body(em);
    ready();
    await gate;
  });
  return { written, release, done };
}

describe('the ledger sequencer', () => {
  let q: Quorate;
  let ledger: LedgerService;
  let sequencer: LedgerSequencer;

  const entryOf = async (queueId: string) =>
    (
      await q.db.query<{ idx: string; prev_asset_idx: string | null }[]>(
        `SELECT idx, prev_asset_idx FROM ledger_entries WHERE queue_id = $1`,
        [queueId],
      )
    ).map((r) => ({
      idx: Number(r.idx),
      prev: r.prev_asset_idx === null ? null : Number(r.prev_asset_idx),
    }))[0];
  const sizeOf = async () =>
    Number((await q.db.query(`SELECT count(*)::int AS n FROM ledger_entries`))[0].n as number);

  // No worker: these tests drive the sequencer themselves, batch by batch.
  beforeAll(async () => {
    q = await startQuorate({ worker: false });
    ledger = q.api.get(LedgerService);
    sequencer = q.api.get(LedgerSequencer);
    await ledgerSettled(q.db);
  });
  afterAll(() => q.close());

  it('queues an event without giving it an index, and integrates it once committed', async () => {
    const queued = await q.db.transaction((em) => ledger.append(em, plain(1)));
    expect(queued.id).toMatch(/^\d+$/);
    expect(await entryOf(queued.id)).toBeUndefined();
    const before = await sizeOf();
    expect(await sequencer.drain()).toBe(1);
    expect(await entryOf(queued.id)).toEqual({ idx: before, prev: null });
    expect(await sequencer.drain()).toBe(0);
  });

  it('never integrates what is not committed, and does not lose an event that commits after a later-numbered one', async () => {
    // The first transaction takes the smaller queue id, then waits; the second commits first.
    const early = openTransaction(q, async (em) => void (await ledger.append(em, plain(2))));
    await early.written;
    const late = await q.db.transaction((em) => ledger.append(em, plain(3)));
    expect(await sequencer.drain()).toBe(1);
    expect(await entryOf(late.id)).toBeDefined();

    early.release();
    await early.done;
    const [{ id: earlyId }] = await q.db.query<{ id: string }[]>(
      `SELECT id::text FROM ledger_queue WHERE data->>'i' = '2'`,
    );
    expect(BigInt(earlyId)).toBeLessThan(BigInt(late.id));
    expect(await sequencer.drain()).toBe(1);
    expect((await entryOf(earlyId)).idx).toBe((await entryOf(late.id)).idx + 1);
  });

  it('finds old transactions events after many batches moved the horizon on', async () => {
    const held = openTransaction(q, async (em) => void (await ledger.append(em, plain(4))));
    await held.written;
    for (let round = 0; round < 3; round++) {
      await q.db.transaction((em) => ledger.appendMany(em, [plain(5), plain(6)]));
      expect(await sequencer.drain()).toBe(2);
    }
    held.release();
    await held.done;
    expect(await sequencer.drain()).toBe(1);
    const [{ pending }] = await q.db.query(
      `SELECT count(*)::int AS pending FROM ledger_queue q
        WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.queue_id = q.id)`,
    );
    expect(pending).toBe(0);
  });

  it('keeps an asset chain and resolves references to events integrated in the same batch and before', async () => {
    const asset = randomUUID();
    const first = await q.db.transaction((em) => ledger.append(em, about(asset, 'version.submitted')));
    await sequencer.drain();
    const [vote, closed] = await q.db.transaction(async (em) => {
      const v = await ledger.append(em, about(asset, 'vote.cast'));
      const c = await ledger.append(em, {
        ...about(asset, 'decision.closed'),
        refs: { voteEntries: [{ event: v.id }, { event: first.id }, { index: 0 }, { event: v.id }] },
      });
      return [v, c];
    });
    await sequencer.drain();
    const [f, v, c] = [await entryOf(first.id), await entryOf(vote.id), await entryOf(closed.id)];
    expect(v).toEqual({ idx: f.idx + 1, prev: f.idx });
    expect(c).toEqual({ idx: v.idx + 1, prev: v.idx });
    const [event] = await ledgerEvents(q.db, 'idx = $1', [c.idx]);
    expect(event.data?.voteEntries).toEqual([0, f.idx, v.idx]);
  });

  it('integrates batches of at most the limit, in queue order, and signs a checkpoint per batch', async () => {
    const queued = await q.db.transaction((em) =>
      ledger.appendMany(
        em,
        Array.from({ length: 25 }, (_, i) => plain(100 + i)),
      ),
    );
    const checkpoints = q.api.get(LedgerCheckpoints);
    expect(await sequencer.integrateBatch(10)).toEqual({ integrated: 10, more: true });
    expect((await checkpoints.latest())!.size).toBe((await entryOf(queued[9].id)).idx + 1);
    expect(await sequencer.integrateBatch(10)).toEqual({ integrated: 10, more: true });
    expect(await sequencer.integrateBatch(10)).toEqual({ integrated: 5, more: false });
    const indexes = await Promise.all(queued.map(async (e) => (await entryOf(e.id)).idx));
    expect(indexes).toEqual(indexes.map((_, i) => indexes[0] + i));
    expect((await checkpoints.latest())!.size).toBe(indexes[24] + 1);
  });

  it('integrates nothing of a batch that fails before commit, and all of it on the next', async () => {
    const queued = await q.db.transaction((em) => ledger.appendMany(em, [plain(200), plain(201)]));
    const size = await sizeOf();
    const latest = await q.api.get(LedgerCheckpoints).latest();
    sequencer.beforeCommit = () => Promise.reject(new Error('crashed mid-batch'));
    try {
      await expect(sequencer.drain()).rejects.toThrow('crashed mid-batch');
    } finally {
      sequencer.beforeCommit = undefined;
    }
    expect(await sizeOf()).toBe(size);
    expect(await q.api.get(LedgerCheckpoints).latest()).toEqual(latest);
    expect(await sequencer.drain()).toBe(2);
    expect((await entryOf(queued[1].id)).idx).toBe(size + 1);
  });

  it('lets two sequencers race without a duplicate or a gap', async () => {
    const other = new LedgerSequencer(q.db, q.api.get(LedgerKeys), q.api.get(LedgerCheckpoints));
    const before = await sizeOf();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => q.db.transaction((em) => ledger.append(em, plain(300 + i)))),
    );
    const counts = await Promise.all([sequencer.drain(), other.drain(), sequencer.drain(), other.drain()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    const [{ n, hi, distinct }] = await q.db.query(
      `SELECT count(*)::int AS n, max(idx)::int AS hi, count(DISTINCT queue_id)::int AS distinct
         FROM ledger_entries WHERE queue_id IS NOT NULL`,
    );
    expect(await sizeOf()).toBe(before + 40);
    expect(hi).toBe(before + 39);
    expect(distinct).toBe(n);
  });

  it('refuses to queue an event it could not sign, failing only the caller', async () => {
    await expect(
      q.db.transaction((em) => ledger.append(em, { ...plain(0), assetId: randomUUID() })),
    ).rejects.toThrow(/names an asset but not its version/);
    expect(await sequencer.drain()).toBe(0);
  });

  it('continues a ledger written before the queue: new entries chain onto old ones and it all audits', async () => {
    const signer = await q.api.get(LedgerKeys).signer();
    const asset = randomUUID();
    const old = await q.db.transaction((em) =>
      appendLegacy(em, signer, [about(asset, 'version.submitted'), plain(400)]),
    );
    // A checkpoint signed over the old entries, as the read side signed them before the sequencer.
    const oldCheckpoint = await q.api.get(LedgerCheckpoints).current();
    expect(oldCheckpoint.size).toBe(old[1] + 1);
    const next = await q.db.transaction((em) =>
      ledger.append(em, {
        ...about(asset, 'decision.closed'),
        refs: { voteEntries: [{ index: old[0] }] },
      }),
    );
    await sequencer.drain();
    expect(await entryOf(next.id)).toEqual({ idx: old[1] + 1, prev: old[0] });
    const report = await q.api.get(LedgerAudit).run();
    expect(report).toMatchObject({ ok: true, problems: [], size: old[1] + 2 });
    expect(report.checkpointsChecked).toBeGreaterThan(0);
    expect((await q.api.get(LedgerCheckpoints).latest())!.size).toBe(old[1] + 2);
  });
});

describe('the sequencer in the worker', () => {
  let q: Quorate;
  beforeAll(async () => {
    q = await startQuorate();
  });
  afterAll(() => q.close());

  it('shows pending entries as pending, and answers a bundle request 409 with Retry-After until they are integrated', async () => {
    const reviewer = await createPerson(q, 'reviewer');
    await waitForIntegration(q.db);
    // Holding the write lock stalls every batch: the entries stay pending for as long as the test says.
    const hold = q.db.createQueryRunner();
    await hold.connect();
    await hold.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.LedgerWrite]);
    let id: string;
    try {
      id = await submit(q.http, q.demo.botKey, textAsset('Pending for a while'));
      expect((await settled(q.http, q.demo.botKey, id)).status).toBe('released');
      const result = await q.http
        .get(`/v1/assets/${id}/versions/1/validation`)
        .set(bearer(reviewer.accessToken))
        .expect(200);
      expect(result.body).toMatchObject({ ledgerIndex: null, ledgerStatus: 'pending' });
      const refused = await q.http
        .get(`/v1/assets/${id}/versions/1/provenance`)
        .set(bearer(reviewer.accessToken))
        .expect(409);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body).toMatchObject({ statusCode: 409, details: { retryAfterSeconds: 1 } });
    } finally {
      await hold.query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.LedgerWrite]);
      await hold.release();
    }
    // The bundle request itself waits for the integration now under way.
    const bundle = await q.http
      .get(`/v1/assets/${id}/versions/1/provenance`)
      .set(bearer(reviewer.accessToken))
      .expect(200);
    expect(bundle.body.entries).toHaveLength(3);
    const result = await q.http
      .get(`/v1/assets/${id}/versions/1/validation`)
      .set(bearer(reviewer.accessToken))
      .expect(200);
    expect(result.body).toMatchObject({ ledgerIndex: expect.any(Number), ledgerStatus: 'integrated' });
  });

  it('is woken by commits, and a standby takes over when the elected one stops', async () => {
    const ledger = q.api.get(LedgerService);
    const { startWorker } = await import('../apps/worker/src/main');
    let standby: Awaited<ReturnType<typeof startWorker>> | undefined = await startWorker(q.env);
    try {
      const first = await q.db.transaction((em) => ledger.append(em, plain(1)));
      await waitForIntegration(q.db);
      expect(first.id).toMatch(/^\d+$/);
      // Stop the harness's worker: whichever was elected, the other one leads from now on.
      await q.stopWorker();
      await q.db.transaction((em) => ledger.append(em, plain(2)));
      await waitForIntegration(q.db);
      await q.startWorker();
      await standby.close();
      standby = undefined;
      await q.db.transaction((em) => ledger.append(em, plain(3)));
      await waitForIntegration(q.db);
    } finally {
      await standby?.close();
    }
    const [{ n }] = await q.db.query(
      `SELECT count(*)::int AS n FROM ledger_entries WHERE kind = 'test.event'`,
    );
    expect(n).toBe(3);
    await eventually(async () => ((await q.api.get(LedgerAudit).run()).ok ? true : undefined));
  });
});
