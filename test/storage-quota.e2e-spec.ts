import { sha256, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerSettled } from './support/ledger';
import { bearer, createPerson } from './support/people';
import { quorumClass } from './support/quorum';

describe('the per-bot daily storage quota', () => {
  let q: Quorate;

  beforeAll(async () => {
    q = await startQuorate({ worker: false, env: { BOT_DAILY_BYTES: '100' } });
  });
  afterAll(() => q.close());

  const post = (key: string, body: Record<string, unknown>) =>
    Promise.resolve(q.http.post('/v1/assets').set(bearer(key)).send(body));
  const count = async (sql: string, params: unknown[] = []) =>
    (await q.db.query<{ n: number }[]>(sql, params))[0].n;

  it('accepts exactly the bytes of the day under 20 concurrent submissions, then answers 429', async () => {
    // Ten bytes each: ten fit in 100.
    const texts = Array.from({ length: 20 }, (_, i) => `quota-${String(i).padStart(4, '0')}`);
    const answers = await Promise.all(texts.map((text) => post(q.demo.botKey, textAsset(text))));
    const accepted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status === 429);
    expect([accepted.length, refused.length]).toEqual([10, 10]);
    for (const answer of refused) {
      expect(answer.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: "This bot's daily storage quota of 100 bytes is spent; it renews at 00:00 UTC",
        details: { retryAfterSeconds: expect.any(Number) },
      });
      const retryAfter = Number(answer.headers['retry-after']);
      expect(retryAfter).toBe(answer.body.details.retryAfterSeconds);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(86_400);
    }

    // Nothing of a refused submission was stored: no asset, version, content or ledger entry.
    const refusedHashes = texts.filter((_, i) => answers[i].status === 429).map((t) => sha256(t));
    expect(await count(`SELECT count(*)::int AS n FROM assets`)).toBe(10);
    await ledgerSettled(q.db);
    expect(
      await count(`SELECT count(*)::int AS n FROM ledger_entries WHERE kind = 'version.submitted'`),
    ).toBe(10);
    expect(
      await count(`SELECT count(*)::int AS n FROM content_blobs WHERE sha256 = ANY($1)`, [refusedHashes]),
    ).toBe(0);
    expect(await count(`SELECT bytes::int AS n FROM bot_daily_usage`)).toBe(100);

    // Spent is spent: even one byte more is refused.
    expect((await post(q.demo.botKey, textAsset('x'))).status).toBe(429);
  });

  it('counts each bot on its own, and refuses a single submission larger than the quota', async () => {
    const admin = await createPerson(q, 'admin');
    const other = await quorumClass(q, admin, { policy: { mode: 'auto' }, weights: [] });
    const fits = await post(other.botKey, textAsset('a'.repeat(100), { classKey: other.classKey }));
    expect(fits.status).toBe(202);

    const another = await quorumClass(q, admin, { policy: { mode: 'auto' }, weights: [] });
    const tooBig = 'b'.repeat(101);
    const refused = await post(another.botKey, textAsset(tooBig, { classKey: another.classKey }));
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(
      await count(`SELECT count(*)::int AS n FROM content_blobs WHERE sha256 = $1`, [sha256(tooBig)]),
    ).toBe(0);
  });
});
