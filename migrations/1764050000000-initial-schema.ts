import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764050000000 implements MigrationInterface {
  name = 'InitialSchema1764050000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'reviewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_users_email" UNIQUE (email)
      )`);
    await q.query(`
      CREATE TABLE bots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        owner_user_id uuid NOT NULL REFERENCES users(id),
        key_hash char(64) NOT NULL,
        key_prefix text NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_bots_key_hash" UNIQUE (key_hash)
      )`);
    await q.query(`
      CREATE TABLE asset_classes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL,
        name text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('auto', 'quorum')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_asset_classes_key" UNIQUE (key)
      )`);
    await q.query(`
      CREATE TABLE content_blobs (
        sha256 char(64) PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        bytes bytea NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes = octet_length(bytes)),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE assets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        class_id uuid NOT NULL REFERENCES asset_classes(id),
        title text NOT NULL,
        bot_id uuid NOT NULL REFERENCES bots(id),
        current_version integer NOT NULL CHECK (current_version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX idx_assets_class_created ON assets (class_id, created_at)`);
    await q.query(`
      CREATE TABLE asset_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        asset_id uuid NOT NULL REFERENCES assets(id),
        version integer NOT NULL CHECK (version >= 1),
        status text NOT NULL CHECK (status IN ('submitted', 'validating', 'validation_failed', 'in_review',
          'approved', 'released', 'rejected', 'expired', 'superseded', 'withdrawn')),
        media_type text NOT NULL,
        declared_sha256 char(64) NOT NULL,
        content_sha256 char(64) NOT NULL REFERENCES content_blobs(sha256),
        provenance jsonb NOT NULL DEFAULT '{}',
        findings jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_asset_versions_asset_version UNIQUE (asset_id, version)
      )`);
    await q.query(`
      CREATE INDEX idx_asset_versions_pending ON asset_versions (updated_at)
      WHERE status IN ('submitted', 'validating', 'approved')`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        bot_id uuid NOT NULL REFERENCES bots(id),
        key text NOT NULL,
        request_hash char(64) NOT NULL,
        asset_id uuid NOT NULL REFERENCES assets(id),
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (bot_id, key)
      )`);
    await q.query(`
      CREATE TABLE ledger_entries (
        idx bigint PRIMARY KEY CHECK (idx >= 0),
        kind text NOT NULL,
        asset_id uuid,
        prev_asset_idx bigint REFERENCES ledger_entries(idx),
        entry bytea NOT NULL,
        leaf_hash bytea NOT NULL CHECK (octet_length(leaf_hash) = 32),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX idx_ledger_entries_asset ON ledger_entries (asset_id, idx)`);
    // The ledger is append-only. ENABLE ALWAYS keeps the guard on under session_replication_role = replica.
    await q.query(`
      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger tables are insert-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_entries_no_update_delete BEFORE UPDATE OR DELETE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
    await q.query(`
      CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
    await q.query(`ALTER TABLE ledger_entries ENABLE ALWAYS TRIGGER ledger_entries_no_update_delete`);
    await q.query(`ALTER TABLE ledger_entries ENABLE ALWAYS TRIGGER ledger_entries_no_truncate`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_entries`);
    await q.query(`DROP FUNCTION ledger_refuse_change()`);
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE asset_versions`);
    await q.query(`DROP TABLE assets`);
    await q.query(`DROP TABLE content_blobs`);
    await q.query(`DROP TABLE asset_classes`);
    await q.query(`DROP TABLE bots`);
    await q.query(`DROP TABLE users`);
  }
}
