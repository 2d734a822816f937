import {
  decodeBase64,
  decodeHex,
  leafHash,
  parseVerifierKey,
  rootFromLeafHashes,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@app/domain';
import type { Checkpoint } from '@app/domain';
import { LedgerService } from '../libs/core/src/ledger/ledger.service';
import { settled, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerSettled } from './support/ledger';
import { bearer, createPerson, Person } from './support/people';

const hashes = (hex: string[]): Buffer[] => hex.map((h) => decodeHex(h, 32)!);

describe('the verifiable ledger', () => {
  let q: Quorate;
  let reviewer: Person;
  let vkey: string;
  /** Checkpoints fetched while the log grew, smallest first. */
  const checkpoints: Checkpoint[] = [];

  const checkpoint = async (): Promise<Checkpoint> => {
    const response = await q.http.get('/v1/ledger/checkpoint').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const verified = verifyCheckpoint(response.text, vkey);
    if (!verified.ok) throw new Error(`checkpoint does not verify: ${verified.detail}`);
    return verified.value;
  };

  const submitMany = async (n: number, label: string): Promise<{ ids: string[]; acceptedAt: number }> => {
    const ids = await Promise.all(
      Array.from({ length: n }, (_, i) => submit(q.http, q.demo.botKey, textAsset(`${label} ${i}`))),
    );
    const acceptedAt = Date.now();
    for (const id of ids) expect((await settled(q.http, q.demo.botKey, id, 60_000)).status).toBe('released');
    return { ids, acceptedAt };
  };

  beforeAll(async () => {
    q = await startQuorate();
    reviewer = await createPerson(q, 'reviewer');
    const key = await q.http.get('/v1/ledger/key').expect(200);
    expect(key.headers['content-type']).toMatch(/^text\/plain/);
    vkey = key.text.trim();
  });
  afterAll(() => q.close());

  it('publishes a signed-note verifier key named after the log origin', () => {
    const parsed = parseVerifierKey(vkey);
    expect(parsed.ok && parsed.value.name).toBe('quorate.local/ledger');
  });

  it('keeps indexes dense under 200 concurrent submissions, one chain of entries per asset', async () => {
    checkpoints.push(await checkpoint());
    const started = Date.now();
    const { ids, acceptedAt } = await submitMany(200, 'Concurrent copy');
    const seconds = (Date.now() - started) / 1000;
    checkpoints.push(await checkpoint());

    const [{ n, lo, hi, distinct }] = await q.db.query(
      `SELECT count(*)::int AS n, min(idx)::int AS lo, max(idx)::int AS hi, count(DISTINCT idx)::int AS distinct
         FROM ledger_entries`,
    );
    expect({ lo, hi, distinct }).toEqual({ lo: 0, hi: n - 1, distinct: n });
    expect(checkpoints[1].size).toBe(n);

    const chains = await q.db.query(
      `SELECT asset_id, array_agg(kind ORDER BY idx) AS kinds,
              array_agg(prev_asset_idx ORDER BY idx) AS prev, array_agg(idx ORDER BY idx) AS idx
         FROM ledger_entries WHERE asset_id = ANY($1) GROUP BY asset_id`,
      [ids],
    );
    expect(chains).toHaveLength(200);
    for (const chain of chains) {
      expect(chain.kinds).toEqual(['version.submitted', 'version.validated', 'version.released']);
      expect(chain.prev.map((p: string | null) => (p === null ? null : Number(p)))).toEqual([
        null,
        Number(chain.idx[0]),
        Number(chain.idx[1]),
      ]);
    }
    // Not an assertion on speed, which depends on the machine: a figure for whoever reads the log.
    console.log(
      `200 concurrent submissions: all accepted after ${((acceptedAt - started) / 1000).toFixed(1)} s, ` +
        `all released after ${seconds.toFixed(1)} s (600 ledger entries)`,
    );
  });

  it('serves inclusion proofs that verify against signed checkpoints', async () => {
    await submitMany(7, 'Later copy');
    checkpoints.push(await checkpoint());
    const entries = await allEntries();
    for (const cp of checkpoints.filter((c) => c.size > 0)) {
      const sample = new Set([0, cp.size - 1, Math.floor(cp.size / 2), ...randomInts(40, cp.size)]);
      for (const index of sample) {
        const { body } = await q.http
          .get(`/v1/ledger/proofs/inclusion?index=${index}&size=${cp.size}`)
          .expect(200);
        expect(body).toMatchObject({ index, size: cp.size, leafHash: entries[index] });
        const leaf = decodeHex(body.leafHash, 32)!;
        expect(verifyInclusion(index, cp.size, leaf, hashes(body.proof), cp.rootHash)).toBe(true);
        expect(
          verifyInclusion(index, cp.size, leafHash(Buffer.from('forged')), hashes(body.proof), cp.rootHash),
        ).toBe(false);
      }
    }
  });

  it('serves consistency proofs between every pair of checkpoints and arbitrary sizes', async () => {
    const entries = (await allEntries()).map((h) => decodeHex(h, 32)!);
    const root = (size: number) => rootFromLeafHashes(entries.slice(0, size));
    const pairs: [number, number][] = [];
    const sizes = checkpoints.map((c) => c.size).filter((s) => s > 0);
    for (const from of sizes) for (const to of sizes) if (from <= to) pairs.push([from, to]);
    for (let i = 0; i < 40; i++) {
      const [a, b] = [1 + randomInts(1, entries.length)[0], 1 + randomInts(1, entries.length)[0]];
      pairs.push([Math.min(a, b), Math.max(a, b)]);
    }
    for (const [from, to] of pairs) {
      const { body } = await q.http.get(`/v1/ledger/proofs/consistency?from=${from}&to=${to}`).expect(200);
      expect(verifyConsistency(from, to, hashes(body.proof), root(from), root(to))).toBe(true);
    }
    // The roots computed from the entries are the ones the log signed.
    for (const cp of checkpoints) expect(root(cp.size)).toEqual(cp.rootHash);
  });

  it('answers malformed proof requests with 400 and trees it does not have yet with 422', async () => {
    const { size } = await checkpoint();
    for (const query of [
      '',
      'index=1',
      'size=3',
      'index=-1&size=3',
      'index=abc&size=3',
      'index=1.5&size=3',
      'index=1e2&size=300',
      'index=3&size=3',
      'index=0&size=0',
      'index=0&size=99999999999999999999',
      'index=0&size=1&extra=1',
    ]) {
      const response = await q.http.get(`/v1/ledger/proofs/inclusion?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    for (const query of ['', 'from=0&to=3', 'from=4&to=3', 'from=x&to=3', 'from=1']) {
      const response = await q.http.get(`/v1/ledger/proofs/consistency?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
    }
    const beyond = await q.http.get(`/v1/ledger/proofs/inclusion?index=0&size=${size + 1000}`).expect(422);
    expect(beyond.body.message).toContain(`there is no tree of size ${size + 1000}`);
    await q.http.get(`/v1/ledger/proofs/consistency?from=1&to=${size + 1}`).expect(422);
  });

  it('pages entries for signed-in people only, each envelope hashing to its leaf', async () => {
    await q.http.get('/v1/ledger/entries').expect(401);
    await q.http.get('/v1/ledger/entries').set(bearer(q.demo.botKey)).expect(403);
    const first = await q.http
      .get('/v1/ledger/entries?limit=5')
      .set(bearer(reviewer.accessToken))
      .expect(200);
    expect(first.body.entries.map((e: { index: number }) => e.index)).toEqual([0, 1, 2, 3, 4]);
    expect(first.body.next).toBe(5);
    for (const entry of first.body.entries) {
      expect(leafHash(decodeBase64(entry.envelope)!).toString('hex')).toBe(entry.leafHash);
    }
    const last = await q.http
      .get(`/v1/ledger/entries?from=${first.body.size - 2}&limit=5`)
      .set(bearer(reviewer.accessToken))
      .expect(200);
    expect(last.body.entries).toHaveLength(2);
    expect(last.body.next).toBeNull();
    await q.http.get('/v1/ledger/entries?limit=5000').set(bearer(reviewer.accessToken)).expect(400);
  });

  it('leaves no gap when transactions that appended roll back', async () => {
    const ledger = q.api.get(LedgerService);
    await ledgerSettled(q.db);
    const [{ before }] = await q.db.query(`SELECT count(*)::int AS before FROM ledger_entries`);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 150 }, (_, i) =>
        q.db.transaction(async (em) => {
          await ledger.append(em, {
            kind: 'test.event',
            assetId: null,
            actor: { type: 'system', id: 'test' },
            data: { i },
          });
          if (i % 3 === 0) throw new Error('rolled back after appending');
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(50);
    await ledgerSettled(q.db);
    const [{ n, hi, distinct }] = await q.db.query(
      `SELECT count(*)::int AS n, max(idx)::int AS hi, count(DISTINCT idx)::int AS distinct FROM ledger_entries`,
    );
    expect({ n, hi, distinct }).toEqual({ n: before + 100, hi: before + 99, distinct: before + 100 });
    checkpoints.push(await checkpoint());
  });

  it('lets an admin audit the whole log', async () => {
    const admin = await createPerson(q, 'admin');
    await q.http.get('/v1/ledger/audit').set(bearer(reviewer.accessToken)).expect(403);
    const { body } = await q.http.get('/v1/ledger/audit').set(bearer(admin.accessToken)).expect(200);
    const { size, rootHash } = await checkpoint();
    expect(body).toMatchObject({ ok: true, firstBadIndex: null, problems: [], entriesChecked: body.size });
    expect(body.size).toBeGreaterThanOrEqual(size - 1);
    if (body.size === size) expect(body.rootHash).toBe(rootHash.toString('hex'));
    expect(body.checkpointsChecked).toBeGreaterThanOrEqual(checkpoints.length);
  });

  async function allEntries(): Promise<string[]> {
    const leaves: string[] = [];
    for (let from: number | null = 0; from !== null;) {
      const page: { entries: { leafHash: string }[]; next: number | null } = (
        await q.http
          .get(`/v1/ledger/entries?from=${from}&limit=1000`)
          .set(bearer(reviewer.accessToken))
          .expect(200)
      ).body;
      leaves.push(...page.entries.map((e) => e.leafHash));
      from = page.next;
    }
    return leaves;
  }
});

function randomInts(count: number, below: number): number[] {
  return Array.from({ length: count }, () => Math.floor(Math.random() * below));
}
