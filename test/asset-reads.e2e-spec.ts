import { settled, sha256, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson, Person } from './support/people';

describe('reading assets', () => {
  let q: Quorate;
  let reviewer: Person;
  const ids: string[] = [];

  beforeAll(async () => {
    q = await startQuorate();
    reviewer = await createPerson(q, 'reviewer');
    for (let i = 0; i < 5; i++) ids.push(await submit(q.http, q.demo.botKey, textAsset(`Listed copy ${i}`)));
    ids.push(
      await submit(
        q.http,
        q.demo.botKey,
        textAsset('<svg onload="alert(1)"/>', { mediaType: 'image/svg+xml', sha256: sha256('wrong') }),
      ),
    );
    for (const id of ids) await settled(q.http, q.demo.botKey, id);
  });
  afterAll(() => q.close());

  it('pages through assets newest first with an opaque cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response: { body: { items: { id: string }[]; nextCursor: string | null } } = await q.http
        .get('/v1/assets')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(q.demo.botKey))
        .expect(200);
      seen.push(...response.body.items.map((i) => i.id));
      cursor = response.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by status and class', async () => {
    const failed = await q.http
      .get('/v1/assets?status=validation_failed')
      .set(bearer(reviewer.accessToken))
      .expect(200);
    expect(failed.body.items.map((i: { id: string }) => i.id)).toEqual([ids[5]]);
    const none = await q.http.get('/v1/assets?classKey=other').set(bearer(reviewer.accessToken)).expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('refuses malformed filters and cursors with a 4xx', async () => {
    await q.http.get('/v1/assets?status=nope').set(bearer(reviewer.accessToken)).expect(400);
    await q.http.get('/v1/assets?limit=0').set(bearer(reviewer.accessToken)).expect(400);
    await q.http.get('/v1/assets?limit=abc').set(bearer(reviewer.accessToken)).expect(400);
    await q.http.get('/v1/assets?cursor=not-a-cursor').set(bearer(reviewer.accessToken)).expect(422);
  });

  it('refuses a forged cursor of the right shape with a 422, not a database error', async () => {
    const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const someId = '00000000-0000-4000-8000-000000000000';
    for (const forged of [
      ['2025-01-01T00:00:00.000Z', '-'.repeat(36)],
      ['1', someId],
      ['+275760-09-13T00:00:00.000Z', someId],
      ['Tue, 01 Jan 2030 00:00:00 GMT', someId],
    ]) {
      const response = await q.http
        .get(`/v1/assets?cursor=${forge(forged)}`)
        .set(bearer(reviewer.accessToken))
        .expect(422);
      expect(response.body.message).toMatch(/cursor/);
    }
  });

  it('serves one version and its exact bytes, inert in a browser', async () => {
    const version = await q.http
      .get(`/v1/assets/${ids[0]}/versions/1`)
      .set(bearer(reviewer.accessToken))
      .expect(200);
    expect(version.body).toMatchObject({ version: 1, status: 'released', sha256: sha256('Listed copy 0') });
    const content = await q.http
      .get(`/v1/assets/${ids[5]}/versions/1/content`)
      .set(bearer(reviewer.accessToken))
      .expect(200);
    expect(content.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(content.headers['content-security-policy']).toContain('sandbox');
    expect(content.headers['content-disposition']).toMatch(/^attachment/);
    expect(Buffer.from(content.body as Buffer).toString('utf8')).toBe('<svg onload="alert(1)"/>');
    await q.http.get(`/v1/assets/${ids[0]}/versions/9`).set(bearer(reviewer.accessToken)).expect(404);
    await q.http.get(`/v1/assets/${ids[0]}/versions/x/content`).set(bearer(reviewer.accessToken)).expect(400);
  });
});
