import type { QueryRunner } from 'typeorm';
import { ReleaseService } from '../libs/core/src/pipeline/release.service';
import { ValidationService } from '../libs/core/src/pipeline/validation.service';
import { AdvisoryLock } from '../libs/core/src/advisory-locks';
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
      // The ledger append lock: the vote takes its other locks, then waits here for it.
      const ledgerGate = await gate(`SELECT pg_advisory_xact_lock($1)`, [AdvisoryLock.LedgerAppend]);
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
});
