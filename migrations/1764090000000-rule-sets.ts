import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows are never changed once written. */
const INSERT_ONLY = ['rule_set_versions', 'validation_results'];

/**
 * Brand rule sets, versioned like consensus policies; the class each one governs; the insert-only
 * record of every validation (findings, rule-set version, content hash, worker, duration); and the
 * admins' blocklist of content hashes.
 */
export class RuleSets1764090000000 implements MigrationInterface {
  name = 'RuleSets1764090000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION quorate_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are never changed once written: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);

    // The stable identity of a rule set. Only archived_at may ever change.
    await q.query(`
      CREATE TABLE rule_sets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz,
        CONSTRAINT uq_rule_sets_key UNIQUE (key)
      )`);
    await q.query(`
      CREATE FUNCTION rule_sets_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.id <> OLD.id OR NEW.key <> OLD.key OR NEW.created_at <> OLD.created_at
           OR NEW.created_by IS DISTINCT FROM OLD.created_by THEN
          RAISE EXCEPTION 'rule sets are never deleted or renamed: archive one instead'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER rule_sets_guard BEFORE UPDATE OR DELETE ON rule_sets
      FOR EACH ROW EXECUTE FUNCTION rule_sets_guard()`);
    await q.query(`ALTER TABLE rule_sets ENABLE ALWAYS TRIGGER rule_sets_guard`);

    // An edit is a new version; a version is never edited, so a validation that used one can be replayed.
    await q.query(`
      CREATE TABLE rule_set_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_set_id uuid NOT NULL REFERENCES rule_sets(id),
        version integer NOT NULL CHECK (version >= 1),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        rules jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'array'),
        rules_sha256 char(64) NOT NULL CHECK (rules_sha256 ~ '^[0-9a-f]{64}$'),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_rule_set_versions_version UNIQUE (rule_set_id, version)
      )`);

    // The rule set that governs a class; validation reads its latest version.
    await q.query(`ALTER TABLE asset_classes ADD COLUMN rule_set_id uuid REFERENCES rule_sets(id)`);
    await q.query(`CREATE INDEX idx_asset_classes_rule_set ON asset_classes (rule_set_id)`);

    // One result per version, written in the transaction that moves the version on.
    await q.query(`
      CREATE TABLE validation_results (
        id uuid PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES asset_versions(id),
        asset_id uuid NOT NULL REFERENCES assets(id),
        version_number integer NOT NULL CHECK (version_number >= 1),
        class_id uuid NOT NULL REFERENCES asset_classes(id),
        status text NOT NULL CHECK (status IN ('validation_failed', 'in_review', 'approved')),
        passed boolean NOT NULL,
        findings jsonb NOT NULL CHECK (jsonb_typeof(findings) = 'array'),
        rule_set_version_id uuid REFERENCES rule_set_versions(id),
        content_sha256 char(64) NOT NULL,
        declared_sha256 char(64) NOT NULL,
        media_type text NOT NULL,
        sniffed_media_type text,
        worker text NOT NULL,
        attempt integer NOT NULL CHECK (attempt >= 1),
        duration_ms integer NOT NULL CHECK (duration_ms >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_validation_results_version UNIQUE (version_id),
        CHECK (passed = (status <> 'validation_failed'))
      )`);
    await q.query(`CREATE INDEX idx_validation_results_class ON validation_results (class_id, created_at)`);

    for (const table of INSERT_ONLY) {
      await q.query(`
        CREATE TRIGGER ${table}_insert_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION quorate_refuse_change()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION quorate_refuse_change()`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_insert_only`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_no_truncate`);
    }

    // Content admins refuse outright, by SHA-256 of its bytes; adding and removing are both in the ledger.
    await q.query(`
      CREATE TABLE blocked_hashes (
        sha256 char(64) PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        reason text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // "Was this content rejected before in this class?" is asked at every validation.
    await q.query(`CREATE INDEX idx_asset_versions_content_sha256 ON asset_versions (content_sha256)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_asset_versions_content_sha256`);
    await q.query(`DROP TABLE blocked_hashes`);
    await q.query(`DROP TABLE validation_results`);
    await q.query(`ALTER TABLE asset_classes DROP COLUMN rule_set_id`);
    await q.query(`DROP TABLE rule_set_versions`);
    await q.query(`DROP TABLE rule_sets`);
    await q.query(`DROP FUNCTION rule_sets_guard()`);
    await q.query(`DROP FUNCTION quorate_refuse_change()`);
  }
}
