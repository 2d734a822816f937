import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson } from './support/people';

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
      (SELECT count(*) FROM content_blobs) AS blobs, (SELECT count(*) FROM ledger_queue) AS ledger`);

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
    ['text sent as null', textAsset('x', { text: null }), 400, /text must be a string/],
    ['a provenance that is an array', textAsset('x', { provenance: [{ model: 'm' }] }), 400, /provenance/],
    ['NUL in a text field', textAsset('x', { title: 'a\u0000b' }), 400, /title must not contain NUL/],
    ['an unpaired surrogate', textAsset('x', { title: 'a\ud800b' }), 400, /title .*unpaired/],
    [
      'an unpaired surrogate in provenance',
      textAsset('x', { provenance: { parameters: { seed: '\udfff' } } }),
      400,
      /provenance\.parameters\.seed/,
    ],
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

  // JSON text, not objects: `{ __proto__: ... }` in JavaScript sets a prototype instead of a key.
  const rawCases: Array<[string, string, RegExp]> = [
    ['a __proto__ key', '{"__proto__":{"polluted":true},', /__proto__ is a reserved name/],
    [
      'a constructor key',
      '{"constructor":{"prototype":{"polluted":true}},',
      /constructor is a reserved name/,
    ],
    [
      'a nested __proto__ key',
      '{"provenance":{"parameters":{"__proto__":{}}},',
      /provenance\.parameters\.__proto__/,
    ],
    [
      'deep nesting',
      `{"provenance":{"parameters":${'['.repeat(5_000)}${']'.repeat(5_000)}},`,
      /deeper than 32/,
    ],
  ];

  it.each(rawCases)(
    'refuses %s with a 400 that names it, and writes nothing',
    async (_name, start, mentions) => {
      const before = await rowCounts();
      const body = start + JSON.stringify(textAsset('x')).slice(1);
      const response = await q.http
        .post('/v1/assets')
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(mentions) });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await rowCounts()).toEqual(before);
    },
  );

  it('refuses a constructor key in a login body with a 400, before the login guard reads it', async () => {
    const response = await q.http
      .post('/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":{"constructor":1},"password":"x"}')
      .expect(400);
    expect(response.body.message).toMatch(/email\.constructor is a reserved name/);
  });

  it('refuses NUL in a query string with a 400', async () => {
    const response = await q.http.get('/v1/assets?cursor=a%00b').set(auth).expect(400);
    expect(response.body.message).toMatch(/cursor must not contain NUL/);
  });

  it('refuses version numbers too large for the database in paths and bodies with a 400', async () => {
    const id = await submit(q.http, q.demo.botKey, textAsset('versioned'));
    for (const tail of ['', '/content', '/decision', '/validation', '/provenance']) {
      const response = await q.http
        .get(`/v1/assets/${id}/versions/99999999999999${tail}`)
        .set(auth)
        .expect(400);
      expect(response.body.message).toMatch(/n must be a version number/);
    }
    const before = await rowCounts();
    await q.http
      .post(`/v1/assets/${id}/versions`)
      .set(auth)
      .send({ ...textAsset('next'), baseVersion: 2 ** 31 })
      .expect(400);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses an asset class without a policy, and null for optional fields, with a 400', async () => {
    const admin = bearer((await createPerson(q, 'admin')).accessToken);
    const noPolicy = await q.http
      .post('/v1/asset-classes')
      .set(admin)
      .send({ key: 'no-policy', name: 'No policy', voterGroups: [] })
      .expect(400);
    expect(noPolicy.body.message).toMatch(/policy must be an object/);
    const person = await createPerson(q, 'reviewer');
    for (const field of ['displayName', 'role', 'disabled']) {
      const response = await q.http
        .patch(`/v1/stakeholders/${person.id}`)
        .set(admin)
        .send({ [field]: null })
        .expect(400);
      expect(response.body.message).toMatch(new RegExp(field));
    }
    await q.http.patch('/v1/asset-classes/demo').set(admin).send({ name: null }).expect(400);
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

describe('requests Node cannot parse', () => {
  let q: Quorate;
  let port: number;

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
    await q.api.listen(0, '127.0.0.1');
    port = (q.api.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => q.close());

  /** Sends bytes as they are (no client library would send these) and returns the raw answer. */
  const raw = (bytes: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });

  const parse = (answer: string) => {
    const [head, body] = answer.split('\r\n\r\n');
    return { statusLine: head.split('\r\n')[0], body: JSON.parse(body) as Record<string, unknown> };
  };

  it("answers headers over Node's limit with a 431 in the one error shape", async () => {
    const answer = parse(
      await raw(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.body).toEqual({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
      message: 'The request headers are too large',
    });
  });

  it('answers a request that is not HTTP with a 400 in the one error shape', async () => {
    const answer = parse(await raw('HELLO THERE\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The request is not valid HTTP',
    });
  });
});
