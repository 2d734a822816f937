import { textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';

/** Every rejected request gets a 4xx in the one error shape, names what is wrong, and writes nothing. */
describe('bad input', () => {
  let q: Quorate;
  let auth: { Authorization: string };

  beforeAll(async () => {
    q = await startQuorate({ worker: false, env: { MAX_CONTENT_BYTES: '1024' } });
    auth = { Authorization: `Bearer ${q.demo.botKey}` };
  });
  afterAll(() => q.close());

  const rowCounts = async () =>
    q.db
      .query(`SELECT (SELECT count(*) FROM assets) AS assets, (SELECT count(*) FROM asset_versions) AS versions,
      (SELECT count(*) FROM content_blobs) AS blobs, (SELECT count(*) FROM ledger_entries) AS ledger`);

  const cases: Array<[string, Record<string, unknown>, number, RegExp]> = [
    ['a missing classKey', textAsset('x', { classKey: undefined }), 400, /classKey/],
    ['a title of the wrong type', textAsset('x', { title: 42 }), 400, /title/],
    ['a malformed sha256', textAsset('x', { sha256: 'abc' }), 400, /sha256/],
    ['a malformed media type', textAsset('x', { mediaType: 'plain' }), 400, /mediaType/],
    ['both text and content', textAsset('x', { content: 'eA==' }), 400, /content/],
    ['neither text nor content', textAsset('x', { text: undefined }), 400, /content/],
    ['content that is not base64', textAsset('x', { text: undefined, content: '***' }), 400, /content/],
    ['an unknown field', textAsset('x', { colour: 'red' }), 400, /colour/],
    [
      'a provenance of the wrong shape',
      textAsset('x', { provenance: { promptSha256: 'nope' } }),
      400,
      /provenance\.promptSha256/,
    ],
    ['an unknown asset class', textAsset('x', { classKey: 'no-such-class' }), 422, /no-such-class/],
    ['content over the size limit', textAsset('x'.repeat(2048)), 413, /limit/],
    ['empty content', textAsset(''), 400, /empty/],
  ];

  it.each(cases)('refuses %s', async (_name, body, status, mentions) => {
    const before = await rowCounts();
    const response = await q.http.post('/v1/assets').set(auth).send(body).expect(status);
    expect(response.body).toEqual(
      expect.objectContaining({
        statusCode: status,
        error: expect.any(String),
        message: expect.stringMatching(mentions),
      }),
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses malformed JSON with a 400', async () => {
    const response = await q.http
      .post('/v1/assets')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send('{"classKey":')
      .expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/JSON/),
    });
  });

  it('refuses a body far over the limit with a 413', async () => {
    const response = await q.http
      .post('/v1/assets')
      .set(auth)
      .send(textAsset('y'.repeat(200_000)))
      .expect(413);
    expect(response.body.statusCode).toBe(413);
  });

  it('refuses a request without credentials, or with an unknown key, with a 401', async () => {
    await q.http.post('/v1/assets').send(textAsset('x')).expect(401);
    const response = await q.http
      .post('/v1/assets')
      .set('Authorization', 'Bearer qk_not-a-real-key')
      .send(textAsset('x'))
      .expect(401);
    expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('refuses a malformed Idempotency-Key', async () => {
    await q.http
      .post('/v1/assets')
      .set(auth)
      .set('Idempotency-Key', 'has space')
      .send(textAsset('x'))
      .expect(400);
  });

  it('answers 400 for a malformed asset id and 404 for an unknown one', async () => {
    await q.http.get('/v1/assets/not-a-uuid').set(auth).expect(400);
    const response = await q.http
      .get('/v1/assets/00000000-0000-4000-8000-000000000000')
      .set(auth)
      .expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers 404 in the same shape for an unknown route', async () => {
    const response = await q.http.get('/v1/nothing-here').set(auth).expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
