import { settled, submit, textAsset } from './support/assets';
import { eventually, Quorate, startQuorate } from './support/harness';
import { ledgerSettled } from './support/ledger';

describe('the reconciler', () => {
  let q: Quorate;

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
  });
  afterAll(() => q.close());

  it('finishes versions left validating after Redis lost every job', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push(await submit(q.http, q.demo.botKey, textAsset(`Flushed copy ${i}`)));
    expect(await q.redis.dbsize()).toBeGreaterThan(0);

    await q.redis.flushdb();
    expect(await q.redis.dbsize()).toBe(0);
    const pending = await q.db.query(
      `SELECT count(*)::int AS n FROM asset_versions WHERE status = 'validating'`,
    );
    expect(pending).toEqual([{ n: 20 }]);

    await q.startWorker();
    for (const id of ids) expect((await settled(q.http, q.demo.botKey, id)).status).toBe('released');
    await ledgerSettled(q.db);
    const entries = await q.db.query(
      `SELECT kind, count(*)::int AS n FROM ledger_entries WHERE asset_id = ANY($1) GROUP BY kind ORDER BY kind`,
      [ids],
    );
    expect(entries).toEqual([
      { kind: 'version.released', n: 20 },
      { kind: 'version.submitted', n: 20 },
      { kind: 'version.validated', n: 20 },
    ]);
  });

  it('releases an approved version whose release job was lost', async () => {
    const id = await submit(q.http, q.demo.botKey, textAsset('Lost release'));
    await settled(q.http, q.demo.botKey, id);
    await q.stopWorker();
    // Put a version back where a crash between the approval and the release job would leave it.
    const [version] = await q.db.query(
      `INSERT INTO asset_versions (asset_id, version, status, media_type, declared_sha256, content_sha256)
       SELECT asset_id, 2, 'approved', media_type, declared_sha256, content_sha256 FROM asset_versions WHERE asset_id = $1
       RETURNING id`,
      [id],
    );
    await q.db.query(`UPDATE assets SET current_version = 2 WHERE id = $1`, [id]);
    await q.redis.flushdb();

    await q.startWorker();
    await eventually(async () => {
      const [row] = await q.db.query(`SELECT status FROM asset_versions WHERE id = $1`, [version.id]);
      return row.status === 'released' ? row : undefined;
    });
  });
});
