import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { runUntilStopped } from '../stack/child-main';
import { requiredEnv } from './shared';

/** Handles one request on the baseline's pool; a rejection answers 500 with the error as JSON. */
export type RawHandler = (pool: Pool, req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The scaffolding of a raw HTTP baseline child: a pool of the app's size on DATABASE_URL, node:http
 * with no framework on PORT, and both closed when the bench stops the child.
 */
export function serveRaw(handle: RawHandler): void {
  runUntilStopped(async () => {
    const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL'), max: 10 });
    const server = createServer((req, res) => {
      handle(pool, req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(error) }));
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(Number(requiredEnv('PORT')), '127.0.0.1', resolve));
    return {
      close: async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await pool.end();
      },
    };
  });
}

/** The whole request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
