import { join } from 'node:path';
import { BENCH_DATABASE_URL } from '../config';
import { startChild } from '../stack/children';
import type { BenchContext } from '../stack/context';
import { freePort } from '../stack/free-port';
import { createRawTables } from './shared';

/** Starts the framework-free HTTP baseline in a child process; resolves to the URL it accepts posts on. */
export async function startRawHttp(context: BenchContext): Promise<string> {
  await createRawTables(context.db);
  const port = await freePort();
  const server = await startChild('raw-http', join(__dirname, 'http-child.ts'), {
    logDir: context.logDir,
    env: { DATABASE_URL: BENCH_DATABASE_URL, PORT: String(port) },
  });
  context.defer(() => server.stop());
  return `http://127.0.0.1:${port}`;
}
