import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The channel the sequencer listens on. Notified after commit (LedgerWakeup), never by a trigger: a
 * NOTIFY in the inserting transaction would serialise every such commit on PostgreSQL's notify lock.
 */
export const LEDGER_QUEUE_CHANNEL = 'ledger_queue';

/**
 * The log's queue: a state change writes its event into `ledger_queue` in its own transaction, taking
 * no shared lock, and one sequencer integrates committed events into `ledger_entries` in batches.
 *
 * `xid` is the inserting transaction's id: every transaction below a snapshot's xmin has ended, so
 * the sequencer can tell which part of the queue can never grow again (see LedgerSequencer).
 */
export class LedgerQueue1764200000000 implements MigrationInterface {
  name = 'LedgerQueue1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    // json, not jsonb: the event is signed as it was written, key order included.
    await q.query(`
      CREATE TABLE ledger_queue (
        id bigserial PRIMARY KEY,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        at timestamptz NOT NULL,
        kind text NOT NULL,
        asset_id uuid,
        version_number integer CHECK (version_number >= 1),
        content_sha256 text,
        actor json NOT NULL,
        data json NOT NULL,
        refs json NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX idx_ledger_queue_xid ON ledger_queue (xid)`);
    // What a provenance bundle waits for: a version's events not yet integrated.
    await q.query(`CREATE INDEX idx_ledger_queue_version ON ledger_queue (asset_id, version_number)`);
    await q.query(`
      CREATE TRIGGER ledger_queue_no_update_delete BEFORE UPDATE OR DELETE ON ledger_queue
      FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
    await q.query(`
      CREATE TRIGGER ledger_queue_no_truncate BEFORE TRUNCATE ON ledger_queue
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
    await q.query(`ALTER TABLE ledger_queue ENABLE ALWAYS TRIGGER ledger_queue_no_update_delete`);
    await q.query(`ALTER TABLE ledger_queue ENABLE ALWAYS TRIGGER ledger_queue_no_truncate`);
    // Which queued event an entry integrates; entries written before the queue have none.
    await q.query(`ALTER TABLE ledger_entries ADD COLUMN queue_id bigint UNIQUE REFERENCES ledger_queue(id)`);
    // A vote names its queued event; its index is the entry that integrated it (ledger_index stays
    // for votes cast before the queue).
    await q.query(`ALTER TABLE votes ALTER COLUMN ledger_index DROP NOT NULL`);
    await q.query(`ALTER TABLE votes ADD COLUMN ledger_event bigint REFERENCES ledger_queue(id)`);
    await q.query(`
      ALTER TABLE votes ADD CONSTRAINT votes_ledger_named
      CHECK (ledger_index IS NOT NULL OR ledger_event IS NOT NULL)`);
    // The queue horizon a checkpoint's batch left behind: every queued event of a transaction below it
    // is integrated, so a restarted sequencer need not look below it.
    await q.query(`ALTER TABLE ledger_checkpoints ADD COLUMN queue_horizon xid8`);

    // What a batch needs of the stored log, in one round trip: the size, the right edge of the tree
    // and each asset's latest entry. ledger_lock_head without the lock: only the sequencer writes.
    await q.query(`
      CREATE FUNCTION ledger_head(asset_ids uuid[]) RETURNS TABLE (size bigint, frontier json, previous json)
      LANGUAGE sql STABLE AS $$
        WITH head AS (SELECT COALESCE(max(e.idx) + 1, 0) AS n FROM ledger_entries e)
        SELECT head.n,
          (SELECT COALESCE(json_agg(json_build_object('level', t.level, 'hash', encode(t.hash, 'hex'))), '[]')
             FROM generate_series(0, 62) AS l(level)
             JOIN ledger_subtrees t ON t.level = l.level AND t.idx = (head.n >> l.level) - 1
            WHERE (head.n >> l.level) & 1 = 1),
          (SELECT COALESCE(json_agg(json_build_object('assetId', p.asset_id, 'idx', p.idx::text)), '[]')
             FROM (SELECT e.asset_id, max(e.idx) AS idx FROM ledger_entries e
                    WHERE e.asset_id = ANY(asset_ids) GROUP BY e.asset_id) p)
        FROM head
      $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ledger_head(uuid[])`);
    await q.query(`ALTER TABLE ledger_checkpoints DROP COLUMN queue_horizon`);
    await q.query(`ALTER TABLE votes DROP CONSTRAINT votes_ledger_named`);
    await q.query(`ALTER TABLE votes DROP COLUMN ledger_event`);
    await q.query(`ALTER TABLE ledger_entries DROP COLUMN queue_id`);
    await q.query(`DROP TABLE ledger_queue`);
  }
}
