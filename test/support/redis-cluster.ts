import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from './harness';
import { freePort, waitForPort } from './free-port';

const run = promisify(execFile);

export interface RedisCluster {
  /** One node's URL; a cluster-aware client discovers the others from it. */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

/**
 * Three masters of Debian's redis-server in cluster mode, in a temp dir of their own, no replicas and
 * nothing persisted; stopped by the pids they wrote.
 */
export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'quorate-redis-cluster-'));
  const ports: number[] = [];
  const stop = (): Promise<void> => {
    for (const port of ports) {
      try {
        process.kill(Number(readFileSync(join(dir, `redis-${port}.pid`), 'utf8')), 'SIGKILL');
      } catch {
        // Not started, or already gone.
      }
    }
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  };
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      ports.push(port);
      await run('redis-server', [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'yes',
        '--dir',
        dir,
        '--pidfile',
        join(dir, `redis-${port}.pid`),
      ]);
    }
    await Promise.all(ports.map((port) => waitForPort(port)));
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    // Every node must see every slot covered before a client may rely on any of them.
    await eventually(
      async () => {
        const states = await Promise.all(
          ports.map(async (port) => (await run('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout),
        );
        return states.every((info) => /cluster_state:ok/.test(info)) ? true : undefined;
      },
      20_000,
      'the Redis cluster to report cluster_state:ok',
      100,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${ports[0]}`, ports, stop };
}
