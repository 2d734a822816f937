import type { QueryRunner } from 'typeorm';
import { ReleaseService } from '../libs/core/src/pipeline/release.service';
import { ValidationService } from '../libs/core/src/pipeline/validation.service';
import { submit, textAsset } from './support/assets';
import { eventually, Quorate, startQuorate } from './support/harness';
import { ledgerEvents } from './support/ledger';
import { bearer, createPerson, Person } from './support/people';
import { quickPeople, quorumClass, vote } from './support/quorum';

/**
 * Races between a bot's new version and the workers that move the current version on. Each race is
 * made deterministic with a gate: a transaction of the test's own holds a lock both sides need, the
 * two sides are started in a chosen order and each is seen waiting, then the gate opens.
 */
describe('transitions under one lock order', () => {
  let q: Quorate;
  let admin: Person;

  beforeAll(async () => {
    // No worker: the test runs each worker step itself, at the moment the race needs it.
    q = await startQuorate({ worker: false });
    admin = await createPerson(q, 'admin');
  });
  afterAll(() => q.close());

  /** Sessions of this file's database that wait for a lock. */
  async function waiting(): Promise<number> {
    const [{ n }] = await q.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return n;
  }
  const waitingFor = (n: number) =>
    eventually(async () => ((await waiting()) >= n ? true : undefined), 10_000, `${n} waiting sessions`);

  async function gate(sql: string, params: unknown[]): Promise<QueryRunner> {
    const runner = q.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(sql, params);
    return runner;
  }
  async function open(runner: QueryRunner): Promise<void> {
    await runner.commitTransaction();
    await runner.release();
  }

  async function versionId(assetId: string, version: number): Promise<string> {
    const [row] = await q.db.query<{ id: string }[]>(
      `SELECT id FROM asset_versions WHERE asset_id = $1 AND version = $2`,
      [assetId, version],
    );
    return row.id;
  }

  /** Supertest sends a request only once it is awaited: this sends it now. */
  function sent<T>(request: PromiseLike<T>): Promise<T> {
    return Promise.resolve(request);
  }

  function newVersion(key: string, assetId: string, text: string, overrides: Record<string, unknown> = {}) {
    return sent(
      q.http
        .post(`/v1/assets/${assetId}/versions`)
        .set(bearer(key))
        .send({ ...textAsset(text, overrides), baseVersion: 1 }),
    );
  }

  it('never supersedes a released version in 30 races of a new version against the release', async () => {
    const outcomes: Array<{ order: string; v1: string; v2: string; status: number }> = [];
    for (let race = 0; race < 30; race++) {
      const assetId = await submit(q.http, q.demo.botKey, textAsset(`Race copy ${race}`));
      const v1 = await versionId(assetId, 1);
      expect(await q.api.get(ValidationService).validate(v1)).toBe('approved');

      const rowGate = await gate(`SELECT 1 FROM asset_versions WHERE id = $1 FOR UPDATE`, [v1]);
      const releaseFirst = race % 2 === 0;
      let release: Promise<unknown>;
      let submission: Promise<{ status: number }>;
      if (releaseFirst) {
        release = q.api.get(ReleaseService).release(v1);
        await waitingFor(1);
        submission = newVersion(q.demo.botKey, assetId, `Race copy ${race}, second draft`);
        await waitingFor(2);
      } else {
        submission = newVersion(q.demo.botKey, assetId, `Race copy ${race}, second draft`);
        await waitingFor(1);
        release = q.api.get(ReleaseService).release(v1);
        await waitingFor(2);
      }
      await open(rowGate);
      const [, answer] = await Promise.all([release, submission]);
      const states = await q.db.query<{ version: number; status: string }[]>(
        `SELECT version, status FROM asset_versions WHERE asset_id = $1 ORDER BY version`,
        [assetId],
      );
      outcomes.push({
        order: releaseFirst ? 'release first' : 'submission first',
        v1: states[0].status,
        v2: states[1]?.status,
        status: answer.status,
      });
      const kinds = (await ledgerEvents(q.db, 'asset_id = $1 AND version_number = 1', [assetId])).map(
        (e) => e.kind,
      );
      // Exactly one of the two ends, in the ledger as in the row.
      expect(kinds.filter((k) => k === 'version.released' || k === 'version.superseded')).toEqual([
        states[0].status === 'released' ? 'version.released' : 'version.superseded',
      ]);
    }
    // Whoever took the version's lock first decides; the new version is accepted either way.
    expect(outcomes).toEqual(
      Array.from({ length: 30 }, (_, race) =>
        race % 2 === 0
          ? { order: 'release first', v1: 'released', v2: 'validating', status: 202 }
          : { order: 'submission first', v1: 'superseded', v2: 'validating', status: 202 },
      ),
    );
  }, 120_000);

  it('keeps a released version released when the next version arrives later', async () => {
    const assetId = await submit(q.http, q.demo.botKey, textAsset('Released, then revised'));
    const v1 = await versionId(assetId, 1);
    await q.api.get(ValidationService).validate(v1);
    expect(await q.api.get(ReleaseService).release(v1)).toBe('released');
    expect((await newVersion(q.demo.botKey, assetId, 'Released, then revised: v2')).status).toBe(202);
    const asset = await q.http.get(`/v1/assets/${assetId}`).set(bearer(q.demo.botKey)).expect(200);
    expect(asset.body).toMatchObject({ currentVersion: 2, status: 'validating' });
    expect(asset.body.versions.map((v: { status: string }) => v.status)).toEqual(['released', 'validating']);
    const kinds = (await ledgerEvents(q.db, 'asset_id = $1', [assetId])).map((e) => e.kind);
    expect(kinds).not.toContain('version.superseded');
  });

  it('neither deadlocks nor answers 5xx when a closing vote meets a new version, 10 races', async () => {
    const [voter] = await quickPeople(q, 1);
    const cls = await quorumClass(q, admin, { policy: { quorumBps: 10000 }, weights: [[voter, 1]] });
    for (let race = 0; race < 10; race++) {
      const text = `Reviewed copy ${race}`;
      const assetId = await submit(q.http, cls.botKey, textAsset(text, { classKey: cls.classKey }));
      const v1 = await versionId(assetId, 1);
      expect(await q.api.get(ValidationService).validate(v1)).toBe('in_review');
      const [{ id: decisionId }] = await q.db.query<{ id: string }[]>(
        `SELECT id FROM decisions WHERE version_id = $1`,
        [v1],
      );
      // The ledger's queue, held in SHARE mode: the vote takes its row locks, then waits at its event.
      const ledgerGate = await gate(`LOCK TABLE ledger_queue IN SHARE MODE`, []);
      const closing = sent(vote(q, voter, decisionId, 'approve'));
      await waitingFor(1);
      const submission = newVersion(cls.botKey, assetId, `${text}, revised`, { classKey: cls.classKey });
      await waitingFor(2);
      await open(ledgerGate);
      const [voted, submitted] = await Promise.all([closing, submission]);
      expect([voted.status, submitted.status]).toEqual([201, 202]);
      const [row] = await q.db.query<{ status: string }[]>(
        `SELECT status FROM asset_versions WHERE id = $1`,
        [v1],
      );
      // The vote approved it, then the new version took it out of the running before its release.
      expect(row.status).toBe('superseded');
    }
  }, 120_000);

  it('lets a bot withdraw a version in flight, closing its decision, and never one at an end', async () => {
    const [voter] = await quickPeople(q, 1);
    const cls = await quorumClass(q, admin, { weights: [[voter, 1]] });
    const assetId = await submit(
      q.http,
      cls.botKey,
      textAsset('To be withdrawn', { classKey: cls.classKey }),
    );
    const v1 = await versionId(assetId, 1);
    expect(await q.api.get(ValidationService).validate(v1)).toBe('in_review');
    const withdraw = (key: string, n = 1) =>
      sent(q.http.post(`/v1/assets/${assetId}/versions/${n}/withdraw`).set(bearer(key)));

    expect((await withdraw(q.demo.botKey)).status).toBe(404);
    const done = await withdraw(cls.botKey);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ version: 1, status: 'withdrawn' });
    const [decision] = await q.db.query(`SELECT state, closed_by FROM decisions WHERE version_id = $1`, [v1]);
    expect(decision).toEqual({ state: 'withdrawn', closed_by: 'withdrawn' });
    const kinds = async () => (await ledgerEvents(q.db, 'asset_id = $1', [assetId])).map((e) => e.kind);
    const before = await kinds();
    expect(before.slice(-2)).toEqual(['decision.withdrawn', 'version.withdrawn']);

    const again = await withdraw(cls.botKey);
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual({ status: 'withdrawn' });
    expect((await withdraw(cls.botKey, 2)).status).toBe(404);
    expect(await kinds()).toEqual(before);
    // A vote on the withdrawn decision is refused; a new version on top of it is a fresh start.
    expect((await vote(q, voter, (await decisionOf(v1)).id, 'approve')).status).toBe(409);
    expect((await newVersion(cls.botKey, assetId, 'Second try', { classKey: cls.classKey })).status).toBe(
      202,
    );
    expect((await q.db.query(`SELECT status FROM asset_versions WHERE id = $1`, [v1]))[0].status).toBe(
      'withdrawn',
    );
  });

  it('never withdraws a released version in 10 races of a withdrawal against the release', async () => {
    for (let race = 0; race < 10; race++) {
      const assetId = await submit(q.http, q.demo.botKey, textAsset(`Withdrawal race ${race}`));
      const v1 = await versionId(assetId, 1);
      expect(await q.api.get(ValidationService).validate(v1)).toBe('approved');
      const rowGate = await gate(`SELECT 1 FROM asset_versions WHERE id = $1 FOR UPDATE`, [v1]);
      const withdraw = () =>
        sent(q.http.post(`/v1/assets/${assetId}/versions/1/withdraw`).set(bearer(q.demo.botKey)));
      const releaseFirst = race % 2 === 0;
      const first = releaseFirst ? q.api.get(ReleaseService).release(v1) : withdraw();
      await waitingFor(1);
      const second = releaseFirst ? withdraw() : q.api.get(ReleaseService).release(v1);
      await waitingFor(2);
      await open(rowGate);
      const [a, b] = await Promise.all([first, second]);
      const answer = (releaseFirst ? b : a) as { status: number };
      const [{ status }] = await q.db.query(`SELECT status FROM asset_versions WHERE id = $1`, [v1]);
      const ends = (await ledgerEvents(q.db, 'asset_id = $1', [assetId]))
        .map((e) => e.kind)
        .filter((k) => k === 'version.released' || k === 'version.withdrawn');
      expect({ status, answer: answer.status, ends }).toEqual(
        releaseFirst
          ? { status: 'released', answer: 409, ends: ['version.released'] }
          : { status: 'withdrawn', answer: 200, ends: ['version.withdrawn'] },
      );
    }
  }, 60_000);

  async function decisionOf(version: string): Promise<{ id: string }> {
    const [row] = await q.db.query<{ id: string }[]>(`SELECT id FROM decisions WHERE version_id = $1`, [
      version,
    ]);
    return row;
  }
});
