import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { settled } from './support/assets';
import { eventually, Quorate, startQuorate } from './support/harness';
import { bearer, createPerson, Person } from './support/people';
import { openReview, quickPeople, quorumClass, vote } from './support/quorum';

interface Received {
  event: string;
  delivery: string;
  body: string;
  signature: string;
}

/** A receiver as a customer would write one: it checks the signature before trusting anything. */
function verify(secret: string, signature: string, body: string): boolean {
  const parts = Object.fromEntries(signature.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return (
    given.length === expected.length &&
    timingSafeEqual(given, expected) &&
    Math.abs(Date.now() / 1000 - Number(parts.t)) < 300
  );
}

async function receiver(
  failFirst: number,
): Promise<{ server: Server; url: string; received: Received[]; attempts: () => number }> {
  const received: Received[] = [];
  let attempts = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      attempts++;
      if (attempts <= failFirst) {
        res.writeHead(500).end('not now');
        return;
      }
      received.push({
        event: String(req.headers['quorate-event']),
        delivery: String(req.headers['quorate-delivery']),
        body,
        signature: String(req.headers['quorate-signature']),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hook`, received, attempts: () => attempts };
}

describe('webhooks', () => {
  let q: Quorate;
  let admin: Person;
  const servers: Server[] = [];

  beforeAll(async () => {
    q = await startQuorate();
    admin = await createPerson(q, 'admin');
  });
  afterAll(async () => {
    for (const s of servers) s.close();
    await q.close();
  });

  it('delivers every event of a review, signed, and retries a receiver that fails twice', async () => {
    const events = [
      'version.validated',
      'decision.opened',
      'vote.cast',
      'decision.closed',
      'version.released',
    ];
    const steady = await receiver(0);
    const flaky = await receiver(2);
    servers.push(steady.server, flaky.server);
    const auth = bearer(admin.accessToken);
    const hook = await q.http.post('/v1/webhooks').set(auth).send({ url: steady.url, events }).expect(201);
    const flakyHook = await q.http
      .post('/v1/webhooks')
      .set(auth)
      .send({ url: flaky.url, events: ['decision.closed'] })
      .expect(201);
    expect(hook.body.secret).toMatch(/^whsec_/);

    const [reviewer] = await quickPeople(q, 1);
    const cls = await quorumClass(q, admin, { weights: [[reviewer, 1]] });
    const { assetId, decisionId } = await openReview(q, cls);
    expect((await vote(q, reviewer, decisionId, 'approve')).body.state).toBe('approved');
    expect((await settled(q.http, cls.botKey, assetId)).status).toBe('released');

    await eventually(
      async () => Promise.resolve(steady.received.length >= events.length ? true : undefined),
      10_000,
      'all events',
    );
    expect(steady.received.map((r) => r.event).sort()).toEqual([...events].sort());
    for (const r of steady.received) {
      expect(verify(hook.body.secret, r.signature, r.body)).toBe(true);
      expect(verify(flakyHook.body.secret, r.signature, r.body)).toBe(false);
      const payload = JSON.parse(r.body);
      expect(payload).toMatchObject({
        id: r.delivery,
        event: r.event,
        data: expect.objectContaining({ assetId }),
      });
    }
    // A tampered body no longer verifies (the last character always changes, whatever it was).
    const first = steady.received[0];
    const otherId = assetId.replace(/.$/, (last) => (last === '0' ? '1' : '0'));
    expect(verify(hook.body.secret, first.signature, first.body.replace(assetId, otherId))).toBe(false);

    await eventually(
      async () => Promise.resolve(flaky.received.length === 1 ? true : undefined),
      15_000,
      'the retried delivery',
    );
    expect(flaky.attempts()).toBe(3);
    expect(verify(flakyHook.body.secret, flaky.received[0].signature, flaky.received[0].body)).toBe(true);
    const log = await q.http
      .get(`/v1/webhooks/${flakyHook.body.webhook.id}/deliveries`)
      .set(auth)
      .expect(200);
    expect(log.body).toEqual([
      expect.objectContaining({
        event: 'decision.closed',
        status: 'delivered',
        attempts: 3,
        lastStatusCode: 204,
        lastError: null,
      }),
    ]);
  });

  it('refuses a webhook with a bad URL or an unknown event', async () => {
    const auth = bearer(admin.accessToken);
    await q.http
      .post('/v1/webhooks')
      .set(auth)
      .send({ url: 'ftp://example.com', events: ['vote.cast'] })
      .expect(400);
    await q.http
      .post('/v1/webhooks')
      .set(auth)
      .send({ url: 'https://example.com', events: ['nope'] })
      .expect(400);
    await q.http.post('/v1/webhooks').set(auth).send({ url: 'https://example.com', events: [] }).expect(400);
  });
});
