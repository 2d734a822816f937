import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { settled, sha256, submit, textAsset } from './support/assets';
import { eventually, Quorate, startQuorate } from './support/harness';
import { ledgerEvents } from './support/ledger';
import { bearer, createPerson, Person } from './support/people';
import { openReview, quickPeople, quorumClass, vote } from './support/quorum';

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** Headers as a receiver's framework hands them over: lower-case names, string values. */
function headersOf(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
}

/** A receiver as a customer would write one, verifying with nothing but the standardwebhooks library. */
function verifies(secret: string, r: Received): boolean {
  try {
    new Webhook(secret).verify(r.body, r.headers);
    return true;
  } catch {
    return false;
  }
}

async function receiver(failFirst = 0): Promise<{
  server: Server;
  url: string;
  received: Received[];
  attempts: Received[];
}> {
  const received: Received[] = [];
  const attempts: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      attempts.push({ headers: headersOf(req), body });
      if (attempts.length <= failFirst) {
        res.writeHead(503).end('not now');
        return;
      }
      received.push({ headers: headersOf(req), body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hook`, received, attempts };
}

const has = (list: unknown[], count: number) => async () =>
  Promise.resolve(list.length >= count ? true : undefined);

describe('webhooks', () => {
  let q: Quorate;
  let admin: Person;
  const servers: Server[] = [];

  beforeAll(async () => {
    // The receivers listen on 127.0.0.1, which only an operator's WEBHOOK_ALLOW_PRIVATE lets through.
    q = await startQuorate({
      env: { WEBHOOK_ALLOW_PRIVATE: 'true', PUBLIC_URL: 'https://quorate.example.com/' },
    });
    admin = await createPerson(q, 'admin');
  });
  afterAll(async () => {
    for (const s of servers) s.close();
    await q.close();
  });

  async function register(url: string, events: string[], kind?: string) {
    const response = await q.http
      .post('/v1/webhooks')
      .set(bearer(admin.accessToken))
      .send({ url, events, ...(kind ? { kind } : {}) })
      .expect(201);
    return response.body as { webhook: { id: string; kind: string }; secret: string };
  }

  it('delivers every event type with Standard Webhooks signatures, and retries under the same webhook-id', async () => {
    const events = [
      'version.validated',
      'decision.opened',
      'vote.cast',
      'decision.closed',
      'version.released',
      'version.validation_failed',
    ];
    const steady = await receiver();
    const flaky = await receiver(2);
    servers.push(steady.server, flaky.server);
    const hook = await register(steady.url, events);
    const flakyHook = await register(flaky.url, ['decision.closed']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(hook.webhook.kind).toBe('standard');
    const registered = (await ledgerEvents(q.db, `kind = 'webhook.registered'`)).find(
      (e) => e.data?.webhookId === hook.webhook.id,
    );
    expect(registered?.data).toEqual({
      webhookId: hook.webhook.id,
      urlSha256: sha256(steady.url),
      kind: 'standard',
      events,
    });

    const [reviewer] = await quickPeople(q, 1);
    const cls = await quorumClass(q, admin, { weights: [[reviewer, 1]] });
    const { assetId, decisionId } = await openReview(q, cls);
    expect((await vote(q, reviewer, decisionId, 'approve')).body.state).toBe('approved');
    expect((await settled(q.http, cls.botKey, assetId)).status).toBe('released');
    const failedId = await submit(
      q.http,
      cls.botKey,
      textAsset('wrong hash', { classKey: cls.classKey, sha256: sha256('other') }),
    );
    expect((await settled(q.http, cls.botKey, failedId)).status).toBe('validation_failed');

    await eventually(has(steady.received, events.length), 10_000, 'all events');
    expect(steady.received.map((r) => JSON.parse(r.body).event).sort()).toEqual([...events].sort());
    for (const r of steady.received) {
      expect(verifies(hook.secret, r)).toBe(true);
      expect(verifies(flakyHook.secret, r)).toBe(false);
      expect(Number(r.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -2);
      expect(r.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expect(JSON.parse(r.body)).toMatchObject({
        id: r.headers['webhook-id'],
        data: expect.objectContaining({ assetId: expect.stringMatching(/^[0-9a-f-]{36}$/) }),
      });
    }
    // A tampered body no longer verifies.
    const first = steady.received[0];
    expect(verifies(hook.secret, { ...first, body: first.body.replace('"data"', '"datA"') })).toBe(false);

    await eventually(has(flaky.received, 1), 15_000, 'the retried delivery');
    expect(flaky.attempts).toHaveLength(3);
    expect(new Set(flaky.attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    expect(verifies(flakyHook.secret, flaky.received[0])).toBe(true);
    const log = await q.http
      .get(`/v1/webhooks/${flakyHook.webhook.id}/deliveries`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(log.body).toEqual([
      expect.objectContaining({
        id: flaky.attempts[0].headers['webhook-id'],
        event: 'decision.closed',
        status: 'delivered',
        attempts: 3,
        lastStatus: '2xx',
        lastError: null,
      }),
    ]);
    expect(log.body[0]).not.toHaveProperty('lastStatusCode');
  });

  it('signs with the old and the new secret during a rotation grace, and only the new one after', async () => {
    const target = await receiver();
    servers.push(target.server);
    const hook = await register(target.url, ['version.validated']);
    const auth = bearer(admin.accessToken);
    const rotated = await q.http.post(`/v1/webhooks/${hook.webhook.id}/rotate-secret`).set(auth).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const validUntil = Date.parse(rotated.body.webhook.previousSecretValidUntil);
    expect(validUntil / 1000).toBeCloseTo(Date.now() / 1000 + 24 * 3600, -2);

    await submit(q.http, q.demo.botKey, textAsset('during the grace'));
    await eventually(has(target.received, 1), 10_000, 'a delivery during the grace');
    const during = target.received[0];
    expect(during.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifies(hook.secret, during)).toBe(true);
    expect(verifies(rotated.body.secret, during)).toBe(true);

    // The grace ends: as if WEBHOOK_GRACE_SECONDS had passed.
    await q.db.query(
      `UPDATE webhooks SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
      [hook.webhook.id],
    );
    await submit(q.http, q.demo.botKey, textAsset('after the grace'));
    await eventually(has(target.received, 2), 10_000, 'a delivery after the grace');
    const after = target.received[1];
    expect(after.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(verifies(hook.secret, after)).toBe(false);
    expect(verifies(rotated.body.secret, after)).toBe(true);
    const listed = await q.http.get('/v1/webhooks').set(auth).expect(200);
    expect(listed.body.find((w: { id: string }) => w.id === hook.webhook.id)).toMatchObject({
      previousSecretValidUntil: null,
    });
    // The rotation is in the ledger; neither secret is.
    const rotations = await ledgerEvents(q.db, `kind = 'webhook.secret_rotated'`);
    expect(rotations.map((e) => e.data)).toEqual([
      { webhookId: hook.webhook.id, previousValidUntil: rotated.body.webhook.previousSecretValidUntil },
    ]);
  });

  it('stops signing with a leaked secret at once when rotated twice', async () => {
    const target = await receiver();
    servers.push(target.server);
    const leaked = await register(target.url, ['version.validated']);
    const auth = bearer(admin.accessToken);
    await q.http.post(`/v1/webhooks/${leaked.webhook.id}/rotate-secret`).set(auth).expect(200);
    const fresh = await q.http.post(`/v1/webhooks/${leaked.webhook.id}/rotate-secret`).set(auth).expect(200);
    await submit(q.http, q.demo.botKey, textAsset('after a double rotation'));
    await eventually(has(target.received, 1), 10_000, 'a delivery');
    expect(verifies(leaked.secret, target.received[0])).toBe(false);
    expect(verifies(fresh.body.secret, target.received[0])).toBe(true);
  });

  it('keeps signing a webhook from before salts with the key its admin was shown', async () => {
    const target = await receiver();
    servers.push(target.server);
    const [row] = await q.db.query(
      `INSERT INTO webhooks (url, events) VALUES ($1, '{version.validated}') RETURNING id`,
      [target.url],
    );
    // What registration showed then: whsec_ and the base64url of HMAC-SHA256(WEBHOOK_SECRET, id), with
    // the server's secret as generated on this database's first run.
    const [{ value: serverSecret }] = await q.db.query(
      `SELECT value FROM service_secrets WHERE name = 'WEBHOOK_SECRET'`,
    );
    const shown = 'whsec_' + createHmac('sha256', serverSecret).update(row.id).digest('base64url');
    const asBase64 = Buffer.from(shown.slice('whsec_'.length), 'base64url').toString('base64');
    await submit(q.http, q.demo.botKey, textAsset('to an old webhook'));
    await eventually(has(target.received, 1), 10_000, 'a delivery');
    expect(verifies(`whsec_${asBase64}`, target.received[0])).toBe(true);
  });

  it('rotates only a webhook that exists, by UUID, for an admin', async () => {
    const auth = bearer(admin.accessToken);
    await q.http.post('/v1/webhooks/not-a-uuid/rotate-secret').set(auth).expect(400);
    await q.http
      .post('/v1/webhooks/00000000-0000-4000-8000-000000000000/rotate-secret')
      .set(auth)
      .expect(404);
    const [reviewer] = await quickPeople(q, 1);
    const hook = await register('https://hooks.example.com/rotate', ['vote.cast']);
    await q.http
      .post(`/v1/webhooks/${hook.webhook.id}/rotate-secret`)
      .set(bearer(reviewer.accessToken))
      .expect(403);
  });

  it('posts readable chat messages with links into the web app to a slack webhook', async () => {
    const chat = await receiver();
    servers.push(chat.server);
    const hook = await register(
      chat.url,
      ['decision.opened', 'vote.cast', 'decision.closed', 'version.released'],
      'slack',
    );
    expect(hook.webhook.kind).toBe('slack');

    const [reviewer] = await quickPeople(q, 1);
    // A team channel is told that someone voted, not who: vote.cast carries no voter id (least data).
    await q.db.query(`UPDATE users SET display_name = 'Rita Reviewer' WHERE id = $1`, [reviewer.id]);
    const cls = await quorumClass(q, admin, { weights: [[reviewer, 1]] });
    const { assetId, decisionId } = await openReview(q, cls);
    expect((await vote(q, reviewer, decisionId, 'approve')).body.state).toBe('approved');
    expect((await settled(q.http, cls.botKey, assetId)).status).toBe('released');

    await eventually(has(chat.received, 4), 10_000, 'four chat messages');
    const messages = chat.received.map((r) => JSON.parse(r.body) as { text: string; blocks: unknown[] });
    const texts = messages.map((m) => m.text);
    const link = `https://quorate.example.com/decisions/${decisionId}`;
    expect(texts.sort()).toEqual(
      [
        `“A test asset” (${cls.classKey}) v1 from bot-${cls.classKey} awaits review. ${link}`,
        `A reviewer voted approve on “A test asset” (${cls.classKey}). ${link}`,
        `The review of “A test asset” (${cls.classKey}) v1 closed: approved (early). ${link}`,
        `“A test asset” (${cls.classKey}) v1 from bot-${cls.classKey} was released. https://quorate.example.com/assets`,
      ].sort(),
    );
    for (const m of messages) {
      expect(m.blocks).toEqual([
        {
          type: 'section',
          text: { type: 'mrkdwn', text: expect.stringMatching(/<https:\/\/quorate\.example\.com\//) },
        },
      ]);
    }
    // Chat receivers may check signatures too.
    for (const r of chat.received) expect(verifies(hook.secret, r)).toBe(true);
  });

  it('documents the webhook routes, their answers and their errors in OpenAPI', async () => {
    const { body } = await q.http.get('/docs-json').expect(200);
    const rotate = body.paths['/v1/webhooks/{id}/rotate-secret'].post;
    expect(Object.keys(rotate.responses).sort()).toEqual(['200', '400', '401', '403', '404', '503']);
    expect(rotate.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/WebhookWithSecretDto',
    });
    const register = body.paths['/v1/webhooks'].post;
    expect(Object.keys(register.responses).sort()).toEqual(['201', '400', '401', '403', '503']);
    expect(body.components.schemas.WebhookKind.enum).toEqual(['standard', 'slack']);
    expect(body.components.schemas.WebhookDeliveryDto.properties).toHaveProperty('lastStatus');
    expect(body.components.schemas.WebhookDeliveryDto.properties).not.toHaveProperty('lastStatusCode');
  });

  it('refuses a webhook with a bad URL, an unknown event or an unknown kind', async () => {
    const auth = bearer(admin.accessToken);
    const refused = async (body: Record<string, unknown>) =>
      (await q.http.post('/v1/webhooks').set(auth).send(body).expect(400)).body.message as string;
    expect(await refused({ url: 'ftp://example.com', events: ['vote.cast'] })).toMatch(/http\(s\)/);
    expect(await refused({ url: 'https://user:pw@example.com/', events: ['vote.cast'] })).toMatch(/password/);
    expect(await refused({ url: 'https://token@example.com/', events: ['vote.cast'] })).toMatch(/password/);
    expect(await refused({ url: 'http://0x7f000001/', events: ['vote.cast'] })).toMatch(/four decimal/);
    expect(await refused({ url: 'not a url', events: ['vote.cast'] })).toMatch(/url/);
    await refused({ url: 'https://example.com', events: ['nope'] });
    await refused({ url: 'https://example.com', events: [] });
    await refused({ url: 'https://example.com', events: ['vote.cast'], kind: 'teams' });
    const count = await q.db.query(
      `SELECT count(*)::int AS n FROM webhooks WHERE url LIKE '%example.com' OR url LIKE '%0x7f%'`,
    );
    expect(count[0].n).toBe(0);
  });
});
