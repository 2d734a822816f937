import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { runUntilStopped } from '../stack/child-main';
import { requiredEnv } from './shared';

const VOTE_PATH = /^\/decisions\/([0-9a-f-]{36})\/votes$/;

/**
 * The floor under the app's vote endpoint: node:http with no framework, parsing the same JSON body,
 * then in one transaction a row lock on the decision and one vote row, on a pool of the app's size.
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
  const decisionId = VOTE_PATH.exec(req.url ?? '')?.[1];
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (!decisionId) {
    res.writeHead(404).end();
    return;
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
    choice: string;
    reason: string;
    voter: number;
  };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT id FROM raw_decisions WHERE id = $1 FOR UPDATE', [decisionId]);
    await client.query('INSERT INTO raw_votes (decision_id, voter, choice, reason) VALUES ($1, $2, $3, $4)', [
      decisionId,
      body.voter,
      body.choice,
      body.reason,
    ]);
    await client.query('COMMIT');
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: decisionId, state: 'open' }));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
