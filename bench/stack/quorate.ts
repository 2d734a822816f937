import { join } from 'node:path';
import { BENCH_DATABASE_URL, REDIS_URL, WORKER_CONCURRENCY } from '../config';
import { Child, startChild } from './children';
import type { BenchContext } from './context';
import { freePort } from './free-port';

export interface QuorateStack {
  readonly apiUrl: string;
  /** Starts one more worker process against the same PostgreSQL and Redis. */
  addWorker(): Promise<Child>;
}

/** Starts the real API and `workers` worker processes, each a child process, as in production. */
export async function startQuorate(context: BenchContext, workers: number): Promise<QuorateStack> {
  const port = await freePort();
  const env = quorateEnv(context.prefix, port);
  const options = { env, logDir: context.logDir, profileDir: context.profileDir };
  let started = 0;
  const start = async (name: string, script: string) => {
    const child = await startChild(name, join(__dirname, script), options);
    context.defer(() => child.stop());
    return child;
  };
  const addWorker = () => start(`worker-${++started}`, 'worker-child.ts');
  // Started together, so that their start-ups (mostly compiling TypeScript) overlap.
  await Promise.all([start('api', 'api-child.ts'), ...Array.from({ length: workers }, addWorker)]);
  return { apiUrl: `http://127.0.0.1:${port}`, addWorker };
}

function quorateEnv(prefix: string, port: number): Record<string, string> {
  return {
    // Production would demand secrets of its own (JWT, ledger signing key) and changes nothing on the
    // paths measured; demo mode is off because the bench migrates and seeds the database itself.
    NODE_ENV: 'development',
    DEMO_MODE: 'false',
    PORT: String(port),
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
    // The limits count per bot per minute; one bench bot sends far more than a real one may.
    SUBMIT_RATE_LIMIT: '100000000',
    LOGIN_RATE_LIMIT: '100000000',
  };
}
