import { Client } from 'pg';
import { SEQUENCER_ELECTION_LOCK } from '../libs/core/src/ledger/ledger-sequencer.service';
import { eventually, Quorate, startQuorate } from './support/harness';
import { PgBouncer, startPgBouncer } from './support/pgbouncer';
import { checkPipeline } from './support/pipeline-check';
import { ADMIN_DATABASE_URL } from './support/services';

/**
 * The API and worker with DATABASE_URL through PgBouncer in transaction mode, where a server
 * connection serves a client for one transaction only: no session state (advisory locks, LISTEN,
 * named prepared statements) survives. The sequencer's election and LISTEN use DATABASE_DIRECT_URL.
 */
describe('through PgBouncer in transaction mode', () => {
  let bouncer: PgBouncer;
  let q: Quorate;

  beforeAll(async () => {
    bouncer = await startPgBouncer(ADMIN_DATABASE_URL);
    q = await startQuorate({ databaseUrl: (url) => bouncer.route(url), directDatabaseUrl: true });
  });
  afterAll(async () => {
    await q?.close();
    await bouncer?.stop();
  });

  it('runs the app through the pooler', () => {
    expect(new URL(q.env.DATABASE_URL).port).toBe(String(bouncer.port));
    expect(new URL(q.env.DATABASE_DIRECT_URL).port).not.toBe(String(bouncer.port));
  });

  it('validates and releases a submission, closes a quorum decision, and the ledger audits', async () => {
    await checkPipeline(q);
  });

  it('holds the sequencer election and LISTEN on a direct connection, not one of the pooler', async () => {
    const direct = new Client({ connectionString: q.env.DATABASE_DIRECT_URL });
    const admin = new Client({
      connectionString: bouncer.route(ADMIN_DATABASE_URL).replace(/\/[^/]*$/, '/pgbouncer'),
    });
    await direct.connect();
    await admin.connect();
    try {
      const holder = await eventually(
        async () => {
          const { rows } = await direct.query<{ pid: number; query: string }>(
            `SELECT a.pid, a.query FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
              AND (l.classid::bigint << 32) + l.objid::bigint = $1`,
            [SEQUENCER_ELECTION_LOCK],
          );
          return rows[0];
        },
        10_000,
        'the sequencer to be elected',
      );
      const servers = await admin.query<{ remote_pid: string }>('SHOW SERVERS');
      expect(servers.rows.map((row) => Number(row.remote_pid))).not.toContain(holder.pid);
      const { rows } = await direct.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'LISTEN %'`,
        [holder.pid],
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await Promise.all([direct.end(), admin.end()]);
    }
  });
});
