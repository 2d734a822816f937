import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dockerfileCommand,
  ensureBuilt,
  healthy,
  isAppService,
  loadCompose,
  mounts,
  ServiceProcess,
  serviceEnv,
  startOrder,
} from './compose-services';
import { textAsset } from './support/assets';
import { eventually } from './support/harness';
import { leaseRedisDatabase, RedisLease } from './support/redis-lease';
import {
  currentRunPid,
  databaseUrl,
  REDIS_BASE_URL,
  runDatabasePrefix,
  withAdminClient,
} from './support/services';

const STEP_TIMEOUT_MS = 120_000;
/** States the pipeline owes no more work in (`approved` still waits for its release job). */
const SETTLED = new Set(['released', 'validation_failed', 'rejected', 'expired', 'in_review']);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Points a URL at the local stand-in of the compose service it names, if it names one. */
function rewireHost(value: string, local: Map<string, string>): string {
  const url = /^[a-z]+:\/\//.test(value) ? new URL(value) : undefined;
  const target = url && local.get(url.hostname);
  if (!url || !target) return value;
  url.host = target;
  return url.toString();
}

describe('docker-compose.yml, run service by service against local PostgreSQL and Redis', () => {
  const compose = loadCompose();
  const processes = new Map<string, ServiceProcess>();
  const volumes = new Map<string, string>();
  let database: string;
  let redis: RedisLease;
  let apiPort: number;

  beforeAll(async () => {
    ensureBuilt();
    database = `${runDatabasePrefix(currentRunPid())}compose_${randomBytes(4).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE "${database}"`));
    redis = await leaseRedisDatabase();
    apiPort = await freePort();
    const local = new Map([
      ['postgres', '127.0.0.1:5432'],
      ['redis', new URL(REDIS_BASE_URL).host],
      // Nothing listens there: mail is not what this test is about, and nothing may reach the internet.
      ['mailpit', `127.0.0.1:${await freePort()}`],
    ]);
    const queuePrefix = `compose-${randomBytes(4).toString('hex')}`;

    for (const name of startOrder(compose)) {
      const service = compose.services[name];
      if (!isAppService(service)) continue;
      for (const [dep, { condition }] of Object.entries(service.depends_on ?? {})) {
        const upstream = processes.get(dep);
        if (!upstream) continue; // PostgreSQL, Redis and Mailpit are the machine's own, already up.
        if (condition === 'service_completed_successfully') await upstream.completed(STEP_TIMEOUT_MS);
        else if (condition === 'service_healthy')
          await healthy(compose.services[dep], upstream, STEP_TIMEOUT_MS);
        else if (condition !== 'service_started') throw new Error(`${name}: unknown condition ${condition}`);
      }

      const paths = new Map<string, string>();
      for (const [volume, target] of mounts(service)) {
        if (!volumes.has(volume)) volumes.set(volume, mkdtempSync(join(tmpdir(), `quorate-${volume}-`)));
        paths.set(target, volumes.get(volume)!);
      }
      // Mount points anywhere in a value or argument (`--dir /secrets` inside `sh -c '...'` too).
      const remount = (value: string) =>
        [...paths].reduce(
          (v, [target, dir]) => v.replace(new RegExp(`(?<![\\w/.-])${target}(?=/|\\s|$)`, 'g'), dir),
          value,
        );
      const env = Object.fromEntries(
        Object.entries(serviceEnv(service, {})).map(([key, value]) => [
          key,
          remount(rewireHost(value, local)),
        ]),
      );
      // The database and Redis database of this test alone, in place of compose's own.
      expect(new URL(env.DATABASE_URL).hostname).toBe('127.0.0.1');
      env.DATABASE_URL = databaseUrl(database);
      env.REDIS_URL = `${REDIS_BASE_URL}/${redis.db}`;
      env.QUEUE_PREFIX = queuePrefix;
      if (service.ports?.length) {
        expect(service.ports).toEqual(['3000:3000']);
        env.PORT = String(apiPort);
        env.HOST = '127.0.0.1';
      }
      const command = (service.command ?? dockerfileCommand()).map(remount);
      // Never write into the machine's own /secrets (or any mount point) by a path left unmapped.
      const spawned = JSON.stringify([command, env]);
      for (const target of paths.keys()) {
        if (remount(spawned) !== spawned) throw new Error(`${name}: ${target} left unmapped in ${spawned}`);
      }
      processes.set(name, new ServiceProcess(name, command, env));
    }
  }, 15 * 60_000);

  afterAll(async () => {
    for (const process of [...processes.values()].reverse()) await process.stop();
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await redis?.release();
    for (const dir of volumes.values()) rmSync(dir, { recursive: true, force: true });
  });

  it('starts in production mode: init makes the secrets, the API and the worker read them from files', () => {
    expect(startOrder(compose).filter((n) => isAppService(compose.services[n]))).toEqual([
      'init',
      'seed',
      'api',
      'worker',
    ]);
    for (const process of processes.values()) expect(process.env.NODE_ENV).toBe('production');
    expect(readdirSync(volumes.get('secrets')!).sort()).toEqual([
      'JWT_SECRET',
      'LEDGER_SIGNING_KEY',
      'METRICS_TOKEN',
      'WEBHOOK_SECRET',
    ]);
    expect(processes.get('api')!.env.JWT_SECRET_FILE).toBe(join(volumes.get('secrets')!, 'JWT_SECRET'));
    expect(processes.get('api')!.running).toBe(true);
    expect(processes.get('worker')!.running).toBe(true);
  });

  it('releases a submission by the bot the seed step created, and needs the metrics token', async () => {
    const botKey = /Bot key: (qk_\S+)/.exec(processes.get('seed')!.stdout)?.[1];
    expect(botKey).toBeDefined();
    const base = `http://127.0.0.1:${apiPort}`;
    const submitted = await fetch(`${base}/v1/assets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${botKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(textAsset('Hello from docker-compose')),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    const released = await eventually(
      async () => {
        const asset = await fetch(`${base}/v1/assets/${id}`, {
          headers: { Authorization: `Bearer ${botKey}` },
        });
        const body = (await asset.json()) as { status: string };
        return SETTLED.has(body.status) ? body.status : undefined;
      },
      60_000,
      'the submission to settle',
      200,
    );
    expect(released).toBe('released');
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
  });

  it('serves the web app from the API', async () => {
    const page = await fetch(`http://127.0.0.1:${apiPort}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/<div id="root">/);
  });

  it('logs JSON, one object a line, when stdout is not a terminal', () => {
    const lines = processes.get('api')!.stdout.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('keeps the secrets of the first run when init runs again', async () => {
    const init = compose.services.init;
    const first = processes.get('init')!;
    const again = new ServiceProcess('init (again)', first.command, first.env);
    await again.completed(STEP_TIMEOUT_MS);
    expect(again.stdout).toContain('JWT_SECRET: kept the existing one');
    expect(again.stdout).toMatch(/The schema is up to date/);
    expect(init.command).toEqual(
      first.command.map((arg) => arg.replace(volumes.get('secrets')!, '/secrets')),
    );
  });
});
