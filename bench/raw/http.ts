import { join } from 'node:path';
import { BENCH_DATABASE_URL } from '../config';
import { startChild } from '../stack/children';
import type { BenchContext } from '../stack/context';
import { freePort } from '../stack/free-port';
import { createRawTables } from './shared';

/** Starts the framework-free HTTP baseline in a child process; resolves to the URL it accepts posts on. */
export async function startRawHttp(context: BenchContext): Promise<string> {
  await createRawTables(context.db);
  return startRawServer(context, 'raw-http', 'http-child.ts');
}

/** Starts a raw HTTP baseline (a child built on server.ts) on a free port; resolves to its URL. */
export async function startRawServer(context: BenchContext, name: string, script: string): Promise<string> {
  const port = await freePort();
  const server = await startChild(name, join(__dirname, script), {
    logDir: context.logDir,
    env: { DATABASE_URL: BENCH_DATABASE_URL, PORT: String(port) },
  });
  context.defer(() => server.stop());
  return `http://127.0.0.1:${port}`;
}
