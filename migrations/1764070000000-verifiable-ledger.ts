import { createHash } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

const NEW_TABLES = ['ledger_subtrees', 'ledger_checkpoints', 'ledger_keys'];
/** The advisory lock that serialises appends (the value LedgerService has always used). */
export const LEDGER_APPEND_LOCK = 7_301_104;

/**
 * The Merkle log around `ledger_entries`: stored perfect-subtree hashes (so proofs cost O(log n)
 * reads), signed checkpoints and, outside production, the generated log key. Every table is
 * insert-only, so the tree's size is always derived (MAX(idx) + 1), never kept in a mutable row.
 */
export class VerifiableLedger1764070000000 implements MigrationInterface {
  name = 'VerifiableLedger1764070000000';

  public async up(q: QueryRunner): Promise<void> {
    // Which version an entry is about, so a version's bundle is one index lookup. Entries written
    // before this migration stay NULL: the table is insert-only and they are hashed as stored.
    await q.query(`ALTER TABLE ledger_entries ADD COLUMN version_number integer CHECK (version_number >= 1)`);
    // Density in the database itself, whoever writes: the next row must be exactly MAX(idx) + 1.
    await q.query(`
      CREATE FUNCTION ledger_entries_dense() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.idx <> COALESCE((SELECT max(idx) + 1 FROM ledger_entries), 0) THEN
          RAISE EXCEPTION 'ledger index % would leave a gap or a duplicate', NEW.idx
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_entries_dense BEFORE INSERT ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_entries_dense()`);
    await q.query(`ALTER TABLE ledger_entries ENABLE ALWAYS TRIGGER ledger_entries_dense`);

    // Takes the append lock and then reads what an append needs, in one round trip: the lock is held
    // until commit, so every round trip saved under it is throughput gained. A VOLATILE function reads
    // with a fresh snapshot after the lock is granted, so it sees the previous holder's committed rows.
    await q.query(`
      CREATE FUNCTION ledger_lock_head(asset_ids uuid[]) RETURNS TABLE (size bigint, frontier json, previous json)
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(${LEDGER_APPEND_LOCK});
        RETURN QUERY
          WITH head AS (SELECT COALESCE(max(e.idx) + 1, 0) AS n FROM ledger_entries e)
          SELECT head.n,
            (SELECT COALESCE(json_agg(json_build_object('level', t.level, 'hash', encode(t.hash, 'hex'))), '[]')
               FROM generate_series(0, 62) AS l(level)
               JOIN ledger_subtrees t ON t.level = l.level AND t.idx = (head.n >> l.level) - 1
              WHERE (head.n >> l.level) & 1 = 1),
            (SELECT COALESCE(json_agg(json_build_object('assetId', p.asset_id, 'idx', p.idx::text)), '[]')
               FROM (SELECT e.asset_id, max(e.idx) AS idx FROM ledger_entries e
                      WHERE e.asset_id = ANY(asset_ids) GROUP BY e.asset_id) p)
          FROM head;
      END $$`);

    // Level 0 repeats each leaf hash, so the audit can still name the exact index of an entry whose
    // bytes and leaf_hash were both rewritten; level l, idx i covers leaves [i * 2^l, (i + 1) * 2^l).
    await q.query(`
      CREATE TABLE ledger_subtrees (
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
        idx bigint NOT NULL CHECK (idx >= 0),
        hash bytea NOT NULL CHECK (octet_length(hash) = 32),
        PRIMARY KEY (level, idx)
      )`);
    await q.query(`
      CREATE TABLE ledger_checkpoints (
        size bigint PRIMARY KEY CHECK (size >= 0),
        root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        note text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Only for development and demo mode; production must configure LEDGER_SIGNING_KEY instead.
    await q.query(`
      CREATE TABLE ledger_keys (
        name text PRIMARY KEY,
        signer_key text NOT NULL,
        verifier_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const table of NEW_TABLES) {
      await q.query(`
        CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_no_update_delete`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_no_truncate`);
    }
    await backfillSubtrees(q);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [...NEW_TABLES].reverse()) await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP FUNCTION ledger_lock_head(uuid[])`);
    await q.query(`DROP TRIGGER ledger_entries_dense ON ledger_entries`);
    await q.query(`DROP FUNCTION ledger_entries_dense()`);
    await q.query(`ALTER TABLE ledger_entries DROP COLUMN version_number`);
  }
}

/**
 * Stores the perfect subtrees of entries written before this migration. Hashing is inlined rather
 * than imported so this migration keeps doing what it did when it was written.
 */
async function backfillSubtrees(q: QueryRunner): Promise<void> {
  const sha = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
  const frontier: { level: number; hash: Buffer }[] = [];
  const BATCH = 1000;
  let expected = 0;
  for (let from = 0; ; from += BATCH) {
    const rows = (await q.query(
      `SELECT idx, leaf_hash FROM ledger_entries WHERE idx >= $1 ORDER BY idx LIMIT $2`,
      [from, BATCH],
    )) as { idx: string; leaf_hash: Buffer }[];
    if (rows.length === 0) return;
    const levels: number[] = [];
    const idxs: number[] = [];
    const hashes: Buffer[] = [];
    for (const row of rows) {
      const index = Number(row.idx);
      if (index !== expected++) throw new Error(`ledger_entries has a gap before index ${index}`);
      let node = { level: 0, hash: row.leaf_hash };
      for (;;) {
        levels.push(node.level);
        idxs.push(Math.floor(index / 2 ** node.level));
        hashes.push(node.hash);
        const top = frontier[frontier.length - 1];
        if (!top || top.level !== node.level) break;
        frontier.pop();
        node = { level: node.level + 1, hash: sha(Buffer.of(1), top.hash, node.hash) };
      }
      frontier.push(node);
    }
    await q.query(
      `INSERT INTO ledger_subtrees (level, idx, hash)
       SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
      [levels, idxs, hashes],
    );
  }
}
