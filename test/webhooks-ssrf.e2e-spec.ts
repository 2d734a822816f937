import type { INestApplicationContext } from '@nestjs/common';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startWorker } from '../apps/worker/src/main';
import {
  postWebhook,
  REFUSED_INVALID,
  REFUSED_PRIVATE,
  Resolver,
  WebhookService,
} from '../libs/core/src/index';
import { submit, textAsset } from './support/assets';
import { eventually, Quorate, startQuorate } from './support/harness';
import { bearer, createPerson, Person } from './support/people';

/** Every kind of address a webhook must not reach, as a resolver could answer for a name. */
const FORBIDDEN: Array<[string, string]> = [
  ['127.0.0.1', 'loopback'],
  ['127.1.2.3', 'loopback'],
  ['::1', 'IPv6 loopback'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['::7f00:1', 'IPv4-compatible loopback, hex'],
  ['10.1.2.3', 'RFC 1918'],
  ['172.16.0.1', 'RFC 1918'],
  ['192.168.1.1', 'RFC 1918'],
  ['::ffff:10.0.0.1', 'IPv4-mapped private'],
  ['169.254.169.254', 'link-local (cloud metadata)'],
  ['100.64.0.1', 'CGNAT'],
  ['0.0.0.0', 'unspecified'],
  ['::', 'IPv6 unspecified'],
  ['224.0.0.1', 'multicast'],
  ['ff02::1', 'IPv6 multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.10', 'documentation'],
  ['fc00::1', 'IPv6 unique-local'],
  ['fd12:3456::1', 'IPv6 unique-local'],
  ['fe80::1', 'IPv6 link-local'],
  ['64:ff9b::7f00:1', 'NAT64 of loopback'],
];

const answer =
  (...addresses: string[]): Resolver =>
  async () =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

/** A listener on 127.0.0.1 that counts every TCP connection, whether or not a request follows. */
async function listener(status = 204): Promise<{
  server: Server;
  port: number;
  connections: () => number;
  requests: IncomingHttpHeaders[];
}> {
  let connections = 0;
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    requests.push(req.headers);
    req.resume();
    req.on('end', () => res.writeHead(status, { Location: 'http://127.0.0.1:1/elsewhere' }).end());
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections, requests };
}

describe('webhook transport', () => {
  let target: Awaited<ReturnType<typeof listener>>;
  beforeAll(async () => (target = await listener()));
  afterAll(() => target.server.close());

  it.each(FORBIDDEN)('refuses %s (%s) that a name resolves to, without connecting', async (address) => {
    const before = target.connections();
    const outcome = await postWebhook(new URL(`http://hooks.example.test:${target.port}/`), {}, '{}', {
      allowPrivate: false,
      timeoutMs: 2000,
      resolve: answer(address),
    });
    expect(outcome).toEqual({ statusClass: null, error: REFUSED_PRIVATE });
    expect(target.connections()).toBe(before);
  });

  it('refuses a name with a public and a private answer', async () => {
    const outcome = await postWebhook(new URL(`http://mixed.example.test:${target.port}/`), {}, '{}', {
      allowPrivate: false,
      timeoutMs: 2000,
      resolve: answer('93.184.216.34', '127.0.0.1'),
    });
    expect(outcome.error).toBe(REFUSED_PRIVATE);
  });

  it('connects to the address it checked and keeps the name as Host when private addresses are allowed', async () => {
    let lookups = 0;
    const resolve: Resolver = async (hostname) => {
      lookups++;
      return answer('127.0.0.1')(hostname);
    };
    const outcome = await postWebhook(
      new URL(`http://hooks.example.test:${target.port}/in`),
      { 'x-probe': 'yes' },
      '{}',
      { allowPrivate: true, timeoutMs: 2000, resolve },
    );
    expect(outcome).toEqual({ statusClass: '2xx', error: null });
    expect(lookups).toBe(1);
    expect(target.requests.at(-1)).toMatchObject({
      host: `hooks.example.test:${target.port}`,
      'x-probe': 'yes',
    });
  });

  it('gives up on a resolver that never answers', async () => {
    const outcome = await postWebhook(new URL('http://stalled.example.test/'), {}, '{}', {
      allowPrivate: false,
      timeoutMs: 100,
      resolve: () => new Promise(() => undefined),
    });
    expect(outcome).toEqual({ statusClass: null, error: 'connection failed' });
  });

  it('reports only status classes and generic errors, and never follows a redirect', async () => {
    const options = { allowPrivate: true, timeoutMs: 300 };
    const missing = await listener(404);
    const moved = await listener(302);
    const silent = createServer(() => undefined); // takes the request and never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const closed = await listener();
    closed.server.close();
    try {
      const url = (port: number) => new URL(`http://127.0.0.1:${port}/`);
      expect(await postWebhook(url(missing.port), {}, '{}', options)).toEqual({
        statusClass: '4xx',
        error: null,
      });
      expect(await postWebhook(url(moved.port), {}, '{}', options)).toEqual({
        statusClass: '3xx',
        error: null,
      });
      expect(moved.requests).toHaveLength(1);
      expect(await postWebhook(url((silent.address() as AddressInfo).port), {}, '{}', options)).toEqual({
        statusClass: null,
        error: 'timeout',
      });
      expect(await postWebhook(url(closed.port), {}, '{}', options)).toEqual({
        statusClass: null,
        error: 'connection failed',
      });
    } finally {
      missing.server.close();
      moved.server.close();
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('webhooks without WEBHOOK_ALLOW_PRIVATE', () => {
  let q: Quorate;
  let worker: INestApplicationContext;
  let admin: Person;
  let target: Awaited<ReturnType<typeof listener>>;

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
    worker = await startWorker(q.env);
    admin = await createPerson(q, 'admin');
    target = await listener();
  });
  afterAll(async () => {
    target.server.close();
    await worker.close();
    await q.close();
  });

  const register = (url: string) =>
    q.http
      .post('/v1/webhooks')
      .set(bearer(admin.accessToken))
      .send({ url, events: ['version.validated'] });

  it.each([
    'http://127.0.0.1/',
    'http://127.0.0.1:8080/hook',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://api.localhost/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::127.0.0.1]/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://172.16.5.4/',
    'http://192.168.0.10/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://240.0.0.1/',
    'http://[::]/',
    'http://[fc00::1]/',
    'http://[fe80::1]/',
    'http://[ff02::1]/',
    'https://admin:secret@hooks.example.com/',
  ])('refuses to register %s', async (url) => {
    const response = await register(url).expect(400);
    expect(response.body.message).toMatch(/url/);
  });

  it.each(FORBIDDEN)('refuses to register a name that resolves to %s (%s)', async (address) => {
    q.api.get(WebhookService).resolver = answer(address);
    try {
      await register('https://hooks.example.test/quorate').expect(400);
    } finally {
      q.api.get(WebhookService).resolver = undefined;
    }
  });

  it('writes nothing for a refused URL', async () => {
    const rows = await q.db.query(`SELECT count(*)::int AS n FROM webhooks`);
    expect(rows[0].n).toBe(0);
  });

  it('never reaches a listener on 127.0.0.1, whatever the URL or the name resolves to at delivery', async () => {
    // Registered while the name pointed at a public address; by delivery it points at loopback.
    q.api.get(WebhookService).resolver = answer('93.184.216.34');
    const rebound = await register(`http://rebound.example.test:${target.port}/hook`).expect(201);
    q.api.get(WebhookService).resolver = undefined;
    worker.get(WebhookService).resolver = async (hostname) =>
      hostname === 'rebound.example.test' ? answer('127.0.0.1')(hostname) : Promise.reject(new Error('no'));
    // Rows written before the check existed, pointing straight at the listener.
    for (const url of [
      `http://127.0.0.1:${target.port}/hook`,
      `http://[::ffff:127.0.0.1]:${target.port}/hook`,
      `http://user:pw@127.0.0.1:${target.port}/hook`,
    ]) {
      await q.db.query(
        `INSERT INTO webhooks (url, events, secret_salt) VALUES ($1, '{version.validated}', $2)`,
        [url, 'ab'.repeat(16)],
      );
    }
    const hooks: { id: string }[] = await q.db.query(`SELECT id FROM webhooks`);
    expect(hooks.map((h) => h.id)).toContain(rebound.body.webhook.id);

    await submit(q.http, q.demo.botKey, textAsset('never delivered'));
    const log = await eventually(
      async () => {
        const rows: { url: string; last_error: string | null; last_status_class: string | null }[] =
          await q.db.query(
            `SELECT d.last_error, d.last_status_class, w.url FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE attempts >= 1`,
          );
        return rows.length === hooks.length ? rows : undefined;
      },
      10_000,
      'a first attempt of every delivery',
    );
    for (const row of log) {
      const refusal = row.url.includes('@') ? REFUSED_INVALID : REFUSED_PRIVATE;
      expect(row).toMatchObject({ last_error: refusal, last_status_class: null });
    }
    expect(target.connections()).toBe(0);
    const shown = await q.http
      .get(`/v1/webhooks/${rebound.body.webhook.id}/deliveries`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(shown.body).toEqual([
      expect.objectContaining({ status: 'pending', lastStatus: null, lastError: REFUSED_PRIVATE }),
    ]);
  });
});
