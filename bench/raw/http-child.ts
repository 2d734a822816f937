import { readBody, serveRaw } from './server';
import { inTransaction } from './shared';

/**
 * The floor under the app's submit endpoint: node:http with no framework, parsing the same JSON body
 * and inserting one row in one transaction, on a pool of the app's size.
 */
serveRaw(async (pool, req, res) => {
  const body = JSON.parse(await readBody(req)) as { title: string; text: string };
  const id = await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO raw_submissions (title, body) VALUES ($1, $2) RETURNING id',
      [body.title, body.text],
    );
    return rows[0].id;
  });
  res.writeHead(202, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id, version: 1, status: 'accepted' }));
});
