import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { ADMIN_DATABASE_URL, withAdminClient } from './services';

const run = promisify(execFile);

export interface PostgresCluster {
  version: string;
  name: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * The Debian cluster the tests' PostgreSQL runs in, to stop and start it. `CHAOS_PG_CLUSTER` names
 * it as "<version> <name>"; the default is the newest installed version's `main` cluster, which is
 * where CI runs. It must listen on the port the tests use: stopping any other cluster would hurt
 * someone else and prove nothing.
 */
export async function chaosCluster(): Promise<PostgresCluster> {
  const configured = process.env.CHAOS_PG_CLUSTER?.trim();
  const [version, name] = configured ? configured.split(/[\s/]+/) : [newestVersion(), 'main'];
  if (!version || !name)
    throw new Error(`CHAOS_PG_CLUSTER must read "<version> <name>", not "${configured}"`);
  const { stdout } = await run('pg_lsclusters', ['-h']);
  const line = stdout
    .split('\n')
    .map((each) => each.trim().split(/\s+/))
    .find(([v, n]) => v === version && n === name);
  if (!line) throw new Error(`no PostgreSQL cluster "${version} ${name}" (pg_lsclusters:\n${stdout})`);
  const port = Number(line[2]);
  const testPort = Number(new URL(ADMIN_DATABASE_URL).port || 5432);
  if (port !== testPort) {
    throw new Error(
      `refusing to restart cluster "${version} ${name}" on port ${port}: the tests use port ${testPort}; ` +
        'set CHAOS_PG_CLUSTER to the cluster behind TEST_DATABASE_ADMIN_URL',
    );
  }
  const ctl = (...args: string[]) =>
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, ...args], { timeout: 60_000 });
  return {
    version,
    name,
    port,
    async stop() {
      await ctl('stop', '-m', 'fast');
    },
    async start() {
      await ctl('start');
      await waitUntilAnswering(30_000);
    },
  };
}

function newestVersion(): string {
  const versions = readdirSync('/etc/postgresql').filter((entry) => /^\d+$/.test(entry));
  return versions.sort((a, b) => Number(b) - Number(a))[0] ?? '';
}

async function waitUntilAnswering(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await withAdminClient((client) => client.query('SELECT 1'));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
