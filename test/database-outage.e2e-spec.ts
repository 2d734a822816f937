import { Client } from 'pg';
import { submit, textAsset } from './support/assets';
import { eventually, Quorate, startQuorate } from './support/harness';
import { ledgerSettled } from './support/ledger';
import { bearer, createPerson, Person } from './support/people';
import { ADMIN_DATABASE_URL, databaseUrl } from './support/services';
import { TcpProxy } from './support/tcp-proxy';

describe('the API while its database is unreachable', () => {
  const proxy = TcpProxy.toUrlOf(ADMIN_DATABASE_URL);
  let q: Quorate;
  let admin: Person;
  let assetId: string;

  beforeAll(async () => {
    await proxy.open();
    q = await startQuorate({ worker: false, databaseUrl: (url) => proxy.rewrite(url) });
    admin = await createPerson(q, 'admin');
    assetId = await submit(q.http, q.demo.botKey, textAsset('Stored before the outage'));
  });
  afterAll(async () => {
    await proxy.open().catch(() => undefined);
    await q.close();
    await proxy.cut();
  });

  it('answers 503 to a submission whose connection drops mid-transaction, and stores none of it', async () => {
    // Held directly, not through the proxy: a lock that blocks inserts into the ledger's queue, so the
    // submission waits inside its transaction (at its ledger event) until the connection under it is cut.
    const holder = new Client({
      connectionString: databaseUrl(new URL(q.env.DATABASE_URL).pathname.slice(1)),
    });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE ledger_queue IN SHARE MODE');
    try {
      const sent = q.http.post('/v1/assets').set(bearer(q.demo.botKey)).send(textAsset('Cut mid-flight'));
      const answered = sent.then((response) => response);
      await eventually(
        async () => {
          const waiting = await holder.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          return waiting.rowCount ? true : undefined;
        },
        10_000,
        'the submission to wait for the queue',
      );
      await proxy.cut();
      const response = await answered;
      expect({ status: response.status, error: response.body.error }).toEqual({
        status: 503,
        error: 'Service Unavailable',
      });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
      await proxy.open();
    }
    const [{ versions }] = await q.db.query(`SELECT count(*)::int AS versions FROM asset_versions`);
    expect(versions).toBe(1);
  });

  it('answers 503 to every authenticated call, stores nothing, and recovers', async () => {
    await proxy.cut();
    const calls = {
      'a submission': q.http
        .post('/v1/assets')
        .set(bearer(q.demo.botKey))
        .send(textAsset('Sent during the outage')),
      'a read with a bot key': q.http.get(`/v1/assets/${assetId}`).set(bearer(q.demo.botKey)),
      'a read with a token': q.http.get('/v1/assets').set(bearer(admin.accessToken)),
      'who am I': q.http.get('/v1/auth/me').set(bearer(admin.accessToken)),
      'a login': q.http.post('/v1/auth/login').send({ email: admin.email, password: admin.password }),
    };
    for (const [what, call] of Object.entries(calls)) {
      const response = await call;
      expect({ what, status: response.status, body: response.body }).toEqual({
        what,
        status: 503,
        body: expect.objectContaining({ statusCode: 503, error: 'Service Unavailable' }),
      });
    }
    // Credentials are still checked where no database is needed to refuse them.
    expect((await q.http.get('/v1/assets')).status).toBe(401);

    await proxy.open();
    const back = await eventually(
      async () => {
        const response = await q.http.get(`/v1/assets/${assetId}`).set(bearer(q.demo.botKey));
        return response.status === 200 ? response : undefined;
      },
      20_000,
      'the API to reach its database again',
    );
    expect(back.body.id).toBe(assetId);
    await ledgerSettled(q.db);
    const counts = await q.db.query(
      `SELECT (SELECT count(*)::int FROM asset_versions) AS versions,
              (SELECT count(*)::int FROM ledger_entries WHERE kind = 'version.submitted') AS submitted`,
    );
    expect(counts).toEqual([{ versions: 1, submitted: 1 }]);
  });
});
