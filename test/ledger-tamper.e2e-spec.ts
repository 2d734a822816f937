import { settled, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerSettled } from './support/ledger';
import { runCli } from './support/ledger-cli';
import { bearer, createPerson, Person } from './support/people';

const LEDGER_TABLES = [
  'ledger_queue',
  'ledger_entries',
  'ledger_subtrees',
  'ledger_checkpoints',
  'ledger_keys',
];

describe('a tampered ledger', () => {
  let q: Quorate;
  let admin: Person;

  const audit = async () =>
    (await q.http.get('/v1/ledger/audit').set(bearer(admin.accessToken)).expect(200)).body;

  /** What a superuser can do: switch the guards off, change a row, switch them back on. */
  const asSuperuser = async (table: string, change: string, params: unknown[] = []) => {
    await q.db.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
    try {
      await q.db.query(change, params);
    } finally {
      await q.db.query(`ALTER TABLE ${table} ENABLE TRIGGER ALL`);
      // ENABLE TRIGGER ALL leaves them "origin" triggers; restore ENABLE ALWAYS as the migration set them.
      const guards = await q.db.query(
        `SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`,
        [table],
      );
      for (const { tgname } of guards)
        await q.db.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${tgname}`);
    }
  };

  beforeAll(async () => {
    q = await startQuorate();
    admin = await createPerson(q, 'admin');
    for (let i = 0; i < 5; i++) {
      const id = await submit(q.http, q.demo.botKey, textAsset(`Copy number ${i}`));
      expect((await settled(q.http, q.demo.botKey, id)).status).toBe('released');
    }
    await ledgerSettled(q.db);
    await q.http.get('/v1/ledger/checkpoint').expect(200);
  });
  afterAll(() => q.close());

  it('refuses UPDATE, DELETE and TRUNCATE on every ledger table, even in replica mode', async () => {
    for (const table of LEDGER_TABLES) {
      const [{ n }] = await q.db.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect([table, n > 0]).toEqual([table, true]);
      const column =
        { ledger_keys: 'name', ledger_checkpoints: 'note', ledger_queue: 'kind' }[table] ?? 'hash';
      const update =
        table === 'ledger_entries'
          ? `UPDATE ledger_entries SET kind = 'forged' WHERE idx = 0`
          : `UPDATE ${table} SET ${column} = ${column}`;
      for (const sql of [update, `DELETE FROM ${table}`, `TRUNCATE ${table} CASCADE`]) {
        await expect(q.db.query(sql)).rejects.toThrow(/insert-only/);
      }
      const runner = q.db.createQueryRunner();
      try {
        await runner.query(`SET session_replication_role = replica`);
        await expect(runner.query(`DELETE FROM ${table}`)).rejects.toThrow(/insert-only/);
      } finally {
        await runner.query(`RESET session_replication_role`);
        await runner.release();
      }
      const [{ n: after }] = await q.db.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect([table, after]).toEqual([table, n]);
    }
  });

  it('refuses an entry that would leave a gap in the indexes', async () => {
    await expect(
      q.db.query(
        `INSERT INTO ledger_entries (idx, kind, entry, leaf_hash)
         SELECT max(idx) + 2, 'forged', '\\x00', decode(repeat('00', 32), 'hex') FROM ledger_entries`,
      ),
    ).rejects.toThrow(/gap/);
  });

  it('passes the audit before anyone tampers', async () => {
    expect(await audit()).toMatchObject({ ok: true, firstBadIndex: null, problems: [] });
  });

  it('names the exact index of an entry whose bytes a superuser rewrote', async () => {
    const [{ idx, entry }] = await q.db.query(
      `SELECT idx::int AS idx, entry FROM ledger_entries WHERE kind = 'version.validated' ORDER BY idx LIMIT 1 OFFSET 2`,
    );
    const forged = Buffer.from(entry as Buffer);
    forged[forged.length - 3] ^= 0x01;
    await asSuperuser('ledger_entries', `UPDATE ledger_entries SET entry = $1 WHERE idx = $2`, [forged, idx]);

    const report = await audit();
    expect(report).toMatchObject({ ok: false, firstBadIndex: idx });
    expect(report.problems[0]).toEqual({ index: idx, problem: expect.stringContaining(`entry ${idx}`) });
    // The signed checkpoint no longer matches what the entries recompute to.
    expect(
      report.problems.some((p: { problem: string }) =>
        /^checkpoint \d+: .*not the signed one/.test(p.problem),
      ),
    ).toBe(true);

    // The operator's command finds the same index, streaming in small batches.
    const cli = await runCli(['ledger:audit', '--batch-size', '3'], {
      NODE_ENV: 'test',
      DATABASE_URL: q.env.DATABASE_URL,
    });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`first bad index: ${idx}`);
  });

  it('still finds the index when the stored leaf hash was rewritten to match the new bytes', async () => {
    const [{ idx }] = await q.db.query(
      `SELECT idx::int AS idx FROM ledger_entries WHERE kind = 'version.released' ORDER BY idx DESC LIMIT 1`,
    );
    await asSuperuser(
      'ledger_entries',
      `UPDATE ledger_entries SET entry = convert_to('{}', 'UTF8'), leaf_hash = sha256('\\x00'::bytea || convert_to('{}', 'UTF8')) WHERE idx = $1`,
      [idx],
    );
    const report = await audit();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ index: idx, problem: expect.stringContaining(`entry ${idx}`) });
  });

  it('refuses to integrate or sign over a stored tree that no longer extends the last checkpoint', async () => {
    await ledgerSettled(q.db);
    const [{ size }] = await q.db.query(`SELECT max(size)::int AS size FROM ledger_checkpoints`);
    // Rewrite the largest stored subtree the last checkpoint's root was computed from, [0, 2^k).
    const level = Math.floor(Math.log2(size));
    await asSuperuser(
      'ledger_subtrees',
      `UPDATE ledger_subtrees SET hash = sha256(hash) WHERE level = $1 AND idx = 0`,
      [level],
    );
    const id = await submit(q.http, q.demo.botKey, textAsset('Written after the tampering'));
    expect((await settled(q.http, q.demo.botKey, id)).status).toBe('released');

    // The batch that would extend the tree checks it against the last checkpoint first, and rolls back.
    await expect(ledgerSettled(q.db)).rejects.toThrow(/does not extend the checkpoint/);
    const [{ latest, entries }] = await q.db.query(
      `SELECT (SELECT max(size)::int FROM ledger_checkpoints) AS latest, (SELECT count(*)::int FROM ledger_entries) AS entries`,
    );
    expect({ latest, entries }).toEqual({ latest: size, entries: size });
    // What is served is still the last honest checkpoint.
    const response = await q.http.get('/v1/ledger/checkpoint').expect(200);
    expect(response.text).toContain(`\n${size}\n`);
    expect((await audit()).ok).toBe(false);
  });
});
