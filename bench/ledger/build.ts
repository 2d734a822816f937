import type { KeyObject } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { leafHash, signEnvelope } from '../../libs/domain/src';
import { eventStatement } from '../../libs/core/src/ledger/ledger-event';
import { Frontier, TreeNode } from '../../libs/core/src/ledger/ledger-tree';
import { BENCH_DATABASE } from '../config';
import { throwIfInterrupted } from '../stack/interrupt';

/** Entries per INSERT: about 10 MB of parameters, few enough round trips for a million. */
export const BUILD_BATCH = 20_000;

export interface BuildSigner {
  keyId: string;
  privateKey: KeyObject;
}

/** One batch of entries, signed and hashed exactly as LedgerService.appendMany does it. */
export interface EntryBatch {
  indexes: number[];
  bytes: Buffer[];
  leaves: Buffer[];
  nodes: TreeNode[];
}

/**
 * Entries [from, to) of a synthetic log: system events with no asset, each one a signed DSSE envelope
 * of the app's own statement, appended to `frontier`, which reports the perfect subtrees they complete.
 */
export function entryBatch(
  frontier: Frontier,
  signer: BuildSigner,
  from: number,
  to: number,
  at: Date,
): EntryBatch {
  if (frontier.length !== from) throw new Error(`the frontier is at ${frontier.length}, not ${from}`);
  const batch: EntryBatch = { indexes: [], bytes: [], leaves: [], nodes: [] };
  for (let index = from; index < to; index++) {
    const statement = eventStatement(
      { kind: 'bench.entry', assetId: null, actor: { type: 'system', id: 'bench' }, data: { n: index } },
      at,
      null,
    );
    const { bytes } = signEnvelope(statement, { privateKey: signer.privateKey, keyid: signer.keyId });
    const leaf = leafHash(bytes);
    batch.indexes.push(index);
    batch.bytes.push(bytes);
    batch.leaves.push(leaf);
    batch.nodes.push(...frontier.append(leaf));
  }
  return batch;
}

// The same statement as LedgerService's: entries in index order, so the density trigger, which runs
// for every row and sees the rows before it in the statement, accepts each one.
const INSERT_SQL = `
  WITH entries AS (
    INSERT INTO ledger_entries (idx, kind, entry, leaf_hash)
    SELECT idx, 'bench.entry', entry, leaf_hash
      FROM unnest($1::bigint[], $2::bytea[], $3::bytea[]) WITH ORDINALITY AS e(idx, entry, leaf_hash, n)
     ORDER BY n)
  INSERT INTO ledger_subtrees (level, idx, hash)
  SELECT * FROM unnest($4::smallint[], $5::bigint[], $6::bytea[])`;

/**
 * Appends `entries` entries to an empty ledger in one session, a batch per statement, with every
 * trigger in place. The next batch is signed and hashed while the database stores the previous one.
 * Returns the root of the log built, as computed here.
 */
export async function buildLedger(
  pool: Pool,
  signer: BuildSigner,
  entries: number,
  onProgress: (built: number) => void,
): Promise<Buffer> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM ledger_entries');
    if (Number(rows[0].n) !== 0) throw new Error(`the ledger to build on has ${rows[0].n} entries already`);
    const frontier = new Frontier();
    const at = new Date();
    let storing: Promise<unknown> = Promise.resolve();
    for (let from = 0; from < entries; from += BUILD_BATCH) {
      const to = Math.min(from + BUILD_BATCH, entries);
      const batch = entryBatch(frontier, signer, from, to, at);
      await storing;
      throwIfInterrupted();
      storing = insertBatch(client, batch).then(() => onProgress(to));
    }
    await storing;
    return frontier.root();
  } finally {
    client.release();
  }
}

function insertBatch(client: PoolClient, batch: EntryBatch): Promise<unknown> {
  return client.query(INSERT_SQL, [
    batch.indexes,
    batch.bytes,
    batch.leaves,
    batch.nodes.map((n) => n.level),
    batch.nodes.map((n) => n.idx),
    batch.nodes.map((n) => n.hash),
  ]);
}

/** The template database that keeps a built ledger of `entries` entries between runs of the bench. */
export function ledgerTemplateName(entries: number): string {
  const size =
    entries % 1_000_000 === 0
      ? `${entries / 1_000_000}m`
      : entries % 1000 === 0
        ? `${entries / 1000}k`
        : String(entries);
  return `${BENCH_DATABASE}_ledger_${size}`;
}
