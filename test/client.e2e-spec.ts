import { readFileSync } from 'node:fs';
import { QuorateClient, QuorateApiError, VERDICTS } from '@app/client';
import { OPENAPI_PATH } from '../apps/api/src/openapi.main';
import type { Schemas } from '@app/client';
import { verifyBundle } from '../libs/domain/src/provenance/bundle';
import { sha256 } from './support/assets';
import { eventually, Quorate, startQuorate } from './support/harness';
import { createPerson, Person } from './support/people';
import { quorumClass, QuorumClass } from './support/quorum';

// Generous on a busy machine: verdicts are awaited by polling, never by a fixed wait.
jest.setTimeout(120_000);

/** A bot and a reviewer using the typed client against the real app over HTTP, with no casts. */
describe('the bot client (libs/client)', () => {
  let q: Quorate;
  let baseUrl: string;
  let reviewer: Person;
  let cls: QuorumClass;

  beforeAll(async () => {
    q = await startQuorate();
    await q.api.listen(0, '127.0.0.1');
    baseUrl = await q.api.getUrl();
    const admin = await createPerson(q, 'admin');
    reviewer = await createPerson(q, 'reviewer');
    cls = await quorumClass(q, admin, { weights: [[reviewer, 10]] });
  });
  afterAll(() => q.close());

  it('submits, waits for review, votes as a reviewer, polls to release, reads findings and downloads the bundle', async () => {
    const bot = new QuorateClient({ baseUrl, token: cls.botKey });
    const text = 'Spring launch copy, reviewed by people';
    const accepted = await bot.submit({
      classKey: cls.classKey,
      title: 'Spring launch',
      mediaType: 'text/plain',
      text,
      sha256: sha256(text),
      provenance: { model: 'test-model', generator: 'client-test' },
    });
    expect(accepted.version).toBe(1);

    await eventually(async () => {
      const version = await bot.version(accepted.id, 1);
      return version.status === 'in_review' ? version : undefined;
    }, 60_000);
    const person = await QuorateClient.login({ baseUrl, email: reviewer.email, password: reviewer.password });
    const inbox = await person.inbox();
    const item = inbox.find((entry) => entry.assetId === accepted.id);
    if (!item) throw new Error('the review is not in the reviewer inbox');
    expect(item.myVote).toBeNull();
    const afterVote = await person.vote(item.decisionId, { choice: 'approve', reason: 'On brand' });
    expect(afterVote.votes.map((v) => v.choice)).toEqual(['approve']);

    const verdict = await bot.waitForVerdict(accepted.id, 1, { intervalMs: 50, timeoutMs: 60_000 });
    expect(verdict.status).toBe('released');
    const findings: Schemas['FindingDto'][] = (await bot.validation(accepted.id, 1)).findings;
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect((await bot.decisionOf(accepted.id, 1)).state).toBe('approved');

    expect(Buffer.from(await bot.content(accepted.id, 1)).toString('utf8')).toBe(text);
    const bundle = await bot.provenance(accepted.id, 1);
    expect(bundle.contentSha256).toBe(sha256(text));
    const report = verifyBundle(bundle, (await bot.ledgerKey()).trim(), Buffer.from(text));
    expect(report.ok).toBe(true);
  });

  it('reads the findings of a version that failed validation', async () => {
    const bot = new QuorateClient({ baseUrl, token: q.demo.botKey });
    const accepted = await bot.submit({
      classKey: 'demo',
      title: 'Declared with the wrong hash',
      mediaType: 'text/plain',
      text: 'some copy',
      sha256: sha256('other copy'),
    });
    const verdict = await bot.waitForVerdict(accepted.id, 1, { intervalMs: 50, timeoutMs: 60_000 });
    expect(verdict.status).toBe('validation_failed');
    expect(VERDICTS).toContain(verdict.status);
    const result = await bot.validation(accepted.id, 1);
    expect(result.passed).toBe(false);
    expect(result.findings.some((f) => f.severity === 'error')).toBe(true);
  });

  it('sends the same Idempotency-Key when it retries a submission, so a lost answer creates one asset', async () => {
    const keys: string[] = [];
    let dropped = false;
    const lossyFetch: typeof fetch = async (input, init) => {
      keys.push(new Headers(init?.headers).get('idempotency-key') ?? '');
      const response = await fetch(input, init);
      if (dropped) return response;
      // The request reached the server and was committed; only its answer is lost on the way back.
      dropped = true;
      await response.body?.cancel();
      throw new TypeError('fetch failed');
    };
    const bot = new QuorateClient({ baseUrl, token: q.demo.botKey, fetch: lossyFetch, retryDelayMs: 1 });
    const text = `retried ${Date.now()}`;
    const accepted = await bot.submit({
      classKey: 'demo',
      title: 'Retried',
      mediaType: 'text/plain',
      text,
      sha256: sha256(text),
    });
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe('');
    expect(keys[1]).toBe(keys[0]);
    const page = await new QuorateClient({ baseUrl, token: q.demo.botKey }).asset(accepted.id);
    expect(page.id).toBe(accepted.id);
    const [{ count }] = await q.db.query<{ count: string }[]>(
      'SELECT count(*) FROM assets WHERE title = $1',
      ['Retried'],
    );
    expect(Number(count)).toBe(1);
  });

  it('waits out a 503 for as long as Retry-After says, then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const flakyFetch: typeof fetch = async (input, init) => {
      calls++;
      waits.push(Date.now());
      if (calls === 1)
        return new Response(JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'x' }), {
          status: 503,
          headers: { 'Retry-After': '1', 'Content-Type': 'application/json' },
        });
      return fetch(input, init);
    };
    const bot = new QuorateClient({ baseUrl, token: q.demo.botKey, fetch: flakyFetch });
    const page = await bot.asset((await bot.submit(sampleBody('after a 503'))).id);
    expect(page.classKey).toBe('demo');
    expect(waits[1] - waits[0]).toBeGreaterThanOrEqual(1000);
  });

  it('is typed by the document the running app serves, which is the committed openapi.json', async () => {
    const served: unknown = await (await fetch(`${baseUrl}/docs-json`)).json();
    expect(served).toEqual(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')));
  });

  it('throws the API error body for a 4xx, without retrying', async () => {
    const bot = new QuorateClient({ baseUrl, token: q.demo.botKey });
    const error: unknown = await bot.asset('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuorateApiError);
    expect(error).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } });
  });
});

function sampleBody(text: string): Schemas['SubmitAssetDto'] {
  return { classKey: 'demo', title: text, mediaType: 'text/plain', text, sha256: sha256(text) };
}
