import { Client } from 'pg';
import { submit, settled, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';

type Query = (this: Client & { _queryQueue: unknown[] }, ...args: unknown[]) => unknown;

/**
 * pg warns when a query is sent on a client that already has one waiting, as when a transaction's
 * queries are started together: they queue on its one connection anyway, and pg@9 will refuse them.
 * The check is pg's own (its queue already holds a query), recorded with the caller's stack.
 */
describe('queries on one connection', () => {
  let q: Quorate;
  const overlaps: string[] = [];
  const prototype = Client.prototype as unknown as { query: Query };
  const original = prototype.query;

  beforeAll(async () => {
    prototype.query = function (this: Client & { _queryQueue: unknown[] }, ...args: unknown[]) {
      if (this._queryQueue.length > 0) overlaps.push(new Error('overlapping query').stack ?? '');
      return original.apply(this, args);
    };
    q = await startQuorate();
  });
  afterAll(async () => {
    prototype.query = original;
    await q.close();
  });

  it('notices queries started together on one transaction', async () => {
    await q.db.transaction((em) =>
      Promise.all([em.query('SELECT 1'), em.query('SELECT 2'), em.query('SELECT 3')]),
    );
    expect(overlaps).toHaveLength(1);
    overlaps.length = 0;
  });

  it('a submission validated, released and read back never overlaps queries on one client', async () => {
    const ids = await Promise.all(
      ['one', 'two', 'three'].map((text) =>
        submit(q.http, q.demo.botKey, textAsset(`Overlap check ${text}`)),
      ),
    );
    for (const id of ids) await settled(q.http, q.demo.botKey, id, 30_000);
    await q.http.get('/v1/ledger/entries').set('Authorization', `Bearer ${q.demo.botKey}`);
    expect(overlaps).toEqual([]);
  });
});
