import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1764060000000 implements MigrationInterface {
  name = 'Identity1764060000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN display_name text NOT NULL DEFAULT '',
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        family_id uuid NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX idx_refresh_tokens_family ON refresh_tokens (family_id)`);
    await q.query(`
      CREATE TABLE bot_asset_classes (
        bot_id uuid NOT NULL REFERENCES bots(id),
        class_id uuid NOT NULL REFERENCES asset_classes(id),
        PRIMARY KEY (bot_id, class_id)
      )`);
    // The demo bot, if any, keeps the classes it could submit to before this migration.
    await q.query(
      `INSERT INTO bot_asset_classes (bot_id, class_id) SELECT b.id, c.id FROM bots b CROSS JOIN asset_classes c`,
    );
    await q.query(`
      CREATE TABLE stakeholder_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE group_members (
        group_id uuid NOT NULL REFERENCES stakeholder_groups(id),
        user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, user_id)
      )`);
    await q.query(`CREATE INDEX idx_group_members_user ON group_members (user_id)`);
    await q.query(`
      CREATE TABLE stakeholder_weights (
        user_id uuid NOT NULL REFERENCES users(id),
        class_id uuid NOT NULL REFERENCES asset_classes(id),
        weight integer NOT NULL CHECK (weight >= 0 AND weight <= 1000000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, class_id)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stakeholder_weights`);
    await q.query(`DROP TABLE group_members`);
    await q.query(`DROP TABLE stakeholder_groups`);
    await q.query(`DROP TABLE bot_asset_classes`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(
      `ALTER TABLE users DROP COLUMN display_name, DROP COLUMN disabled_at, DROP COLUMN updated_at`,
    );
  }
}
