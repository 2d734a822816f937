import { readBody, serveRaw } from './server';

/**
 * The floor under the app's submit endpoint: node:http with no framework, parsing the same JSON body
 * and inserting one row in one transaction, on a pool of the app's size.
 */
serveRaw(async (pool, req, res) => {
  const body = JSON.parse(await readBody(req)) as { title: string; text: string };
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
});
