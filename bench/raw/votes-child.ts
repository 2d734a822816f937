import { readBody, serveRaw } from './server';
import { inTransaction } from './shared';

const VOTE_PATH = /^\/decisions\/([0-9a-f-]{36})\/votes$/;

/**
 * The floor under the app's vote endpoint: node:http with no framework, parsing the same JSON body,
 * then in one transaction a row lock on the decision and one vote row, on a pool of the app's size.
 */
serveRaw(async (pool, req, res) => {
  const decisionId = VOTE_PATH.exec(req.url ?? '')?.[1];
  const text = await readBody(req);
  if (!decisionId) {
    res.writeHead(404).end();
    return;
  }
  const body = JSON.parse(text) as {
    choice: string;
    reason: string;
    voter: number;
  };
  await inTransaction(pool, async (client) => {
    await client.query('SELECT id FROM raw_decisions WHERE id = $1 FOR UPDATE', [decisionId]);
    await client.query('INSERT INTO raw_votes (decision_id, voter, choice, reason) VALUES ($1, $2, $3, $4)', [
      decisionId,
      body.voter,
      body.choice,
      body.reason,
    ]);
  });
  res.writeHead(201, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: decisionId, state: 'open' }));
});
