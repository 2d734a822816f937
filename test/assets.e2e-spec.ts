import { sha256, settled, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerSettled } from './support/ledger';

describe('submitting an asset to an auto class', () => {
  let q: Quorate;
  let auth: { Authorization: string };

  beforeAll(async () => {
    q = await startQuorate();
    auth = { Authorization: `Bearer ${q.demo.botKey}` };
  });
  afterAll(() => q.close());

  const ledgerKinds = async (assetId: string): Promise<string[]> => {
    await ledgerSettled(q.db);
    return (
      await q.db.query(`SELECT kind FROM ledger_entries WHERE asset_id = $1 ORDER BY idx`, [assetId])
    ).map((r: { kind: string }) => r.kind);
  };

  it('validates and releases content whose SHA-256 matches, writing one ledger entry per transition', async () => {
    const accepted = await q.http
      .post('/v1/assets')
      .set(auth)
      .send(textAsset('Spring launch: save 20%'))
      .expect(202);
    expect(accepted.body).toEqual({ id: expect.any(String), version: 1, status: 'validating' });

    const asset = await settled(q.http, q.demo.botKey, accepted.body.id);
    expect(asset).toMatchObject({ classKey: 'demo', status: 'released', currentVersion: 1 });
    expect(asset.versions).toEqual([
      expect.objectContaining({
        version: 1,
        status: 'released',
        sha256: sha256('Spring launch: save 20%'),
        findings: [],
      }),
    ]);
    expect(await ledgerKinds(accepted.body.id)).toEqual([
      'version.submitted',
      'version.validated',
      'version.released',
    ]);
  });

  it('fails a version whose declared SHA-256 is wrong, naming both hashes', async () => {
    const wrong = sha256('something else');
    const id = await submit(q.http, q.demo.botKey, textAsset('The real text', { sha256: wrong }));
    const asset = await settled(q.http, q.demo.botKey, id);
    expect(asset.status).toBe('validation_failed');
    expect(asset.versions[0].findings).toEqual([
      expect.objectContaining({ ruleId: 'integrity.sha256', severity: 'error' }),
    ]);
    expect(asset.versions[0].findings[0].message).toContain(wrong);
    expect(asset.versions[0].findings[0].message).toContain(sha256('The real text'));
    expect(await ledgerKinds(id)).toEqual(['version.submitted', 'version.validation_failed']);
  });

  it('accepts base64 content and stores identical content once', async () => {
    const bytes = Buffer.from('Same bytes, two assets');
    const body = textAsset('', { text: undefined, content: bytes.toString('base64'), sha256: sha256(bytes) });
    const first = await submit(q.http, q.demo.botKey, body);
    const second = await submit(q.http, q.demo.botKey, body);
    expect(first).not.toBe(second);
    const [{ count }] = await q.db.query(
      `SELECT count(*)::int AS count FROM content_blobs WHERE sha256 = $1`,
      [sha256(bytes)],
    );
    expect(count).toBe(1);
    expect((await settled(q.http, q.demo.botKey, second)).status).toBe('released');
  });

  it('answers a repeated Idempotency-Key with the first result and creates nothing new', async () => {
    const body = textAsset('Idempotent copy');
    const first = await q.http
      .post('/v1/assets')
      .set(auth)
      .set('Idempotency-Key', 'order-42')
      .send(body)
      .expect(202);
    const assetsBefore = await q.db.query(`SELECT count(*)::int AS n FROM assets`);
    const again = await q.http
      .post('/v1/assets')
      .set(auth)
      .set('Idempotency-Key', 'order-42')
      .send(body)
      .expect(202);
    expect(again.body.id).toBe(first.body.id);
    expect(await q.db.query(`SELECT count(*)::int AS n FROM assets`)).toEqual(assetsBefore);

    const reused = await q.http
      .post('/v1/assets')
      .set(auth)
      .set('Idempotency-Key', 'order-42')
      .send(textAsset('Different copy'))
      .expect(409);
    expect(reused.body).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      message: expect.stringContaining('Idempotency-Key'),
    });
  });

  it('settles concurrent requests with one Idempotency-Key on a single asset', async () => {
    const body = textAsset('Raced copy');
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        q.http.post('/v1/assets').set(auth).set('Idempotency-Key', 'race-1').send(body),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(202));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
  });

  it('echoes a request id so a client can find its request in the logs', async () => {
    const response = await q.http.get('/health/live').set('X-Request-Id', 'client-req-12345').expect(200);
    expect(response.headers['x-request-id']).toBe('client-req-12345');
    const generated = await q.http.get('/health/live').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports readiness of PostgreSQL and Redis', async () => {
    const response = await q.http.get('/health/ready').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('serves the OpenAPI document', async () => {
    const response = await q.http.get('/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/v1/assets', '/v1/assets/{id}']),
    );
  });
});
