import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { runUntilStopped } from '../stack/child-main';
import { requiredEnv } from './shared';

/**
 * The floor under the app's submit endpoint: node:http with no framework, parsing the same JSON body
 * and inserting one row in one transaction, on a pool of the app's size.
 */
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

async function handle(pool: Pool, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { title: string; text: string };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO raw_submissions (title, body) VALUES ($1, $2) RETURNING id',
      [body.title, body.text],
    );
    await client.query('COMMIT');
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: rows[0].id, version: 1, status: 'accepted' }));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
