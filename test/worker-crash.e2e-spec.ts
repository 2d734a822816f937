import { Client } from 'pg';
import { settled, submit, textAsset } from './support/assets';
import { eventually, Quorate, startQuorate } from './support/harness';
import { ledgerSettled } from './support/ledger';
import { WorkerProcess } from './support/worker-process';

describe('a worker killed in the middle of a job', () => {
  let q: Quorate;
  let worker: WorkerProcess;

  beforeAll(async () => {
    q = await startQuorate({ worker: false, env: { JOB_LOCK_MS: '1500' } });
    worker = new WorkerProcess(q.env);
  });
  afterAll(async () => {
    await worker.kill();
    await q.close();
  });

  it('completes the job exactly once after a restart, with one ledger entry per transition', async () => {
    const id = await submit(q.http, q.demo.botKey, textAsset('Copy validated while its worker dies'));
    const [{ id: versionId }] = await q.db.query(`SELECT id FROM asset_versions WHERE asset_id = $1`, [id]);

    // Hold the version's row lock so the worker's job is certainly mid-transaction when it is killed.
    const blocker = new Client({ connectionString: q.env.DATABASE_URL });
    await blocker.connect();
    // If the test fails while the blocker is open, dropping the database ends its session; that is expected.
    blocker.on('error', () => undefined);
    await blocker.query('BEGIN');
    await blocker.query(`SELECT 1 FROM asset_versions WHERE id = $1 FOR UPDATE`, [versionId]);

    await worker.start();
    await eventually(
      async () => {
        const waiting = await q.db.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return waiting.length > 0 ? true : undefined;
      },
      20_000,
      'the worker to block on the version lock',
    );
    await worker.kill();
    await blocker.query('ROLLBACK');
    await blocker.end();

    const [{ status: afterKill }] = await q.db.query(`SELECT status FROM asset_versions WHERE id = $1`, [
      versionId,
    ]);
    expect(afterKill).toBe('validating');

    await worker.start();
    expect((await settled(q.http, q.demo.botKey, id, 30_000)).status).toBe('released');
    await ledgerSettled(q.db);
    const kinds = await q.db.query(`SELECT kind FROM ledger_entries WHERE asset_id = $1 ORDER BY idx`, [id]);
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual([
      'version.submitted',
      'version.validated',
      'version.released',
    ]);
  });

  it('loses and repeats nothing when killed while many jobs run', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) ids.push(await submit(q.http, q.demo.botKey, textAsset(`Bulk copy ${i}`)));
    await eventually(
      async () => {
        const [{ n }] = await q.db.query(
          `SELECT count(*)::int AS n FROM asset_versions WHERE status = 'released'`,
        );
        return n > 5 ? n : undefined;
      },
      20_000,
      'some releases',
    );
    await worker.kill();
    await worker.start();
    for (const id of ids) expect((await settled(q.http, q.demo.botKey, id, 30_000)).status).toBe('released');
    await ledgerSettled(q.db);
    const perAsset = await q.db.query(
      `SELECT asset_id, array_agg(kind ORDER BY idx) AS kinds FROM ledger_entries WHERE asset_id = ANY($1) GROUP BY asset_id`,
      [ids],
    );
    expect(perAsset).toHaveLength(ids.length);
    for (const row of perAsset)
      expect(row.kinds).toEqual(['version.submitted', 'version.validated', 'version.released']);
  });
});
