import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session epochs and generated secrets. A person's `session_epoch` is carried by each access token and
 * refresh token issued to them; raising it (password change, disabling, role change) ends every session
 * at once without a per-request lookup beyond the user row the bearer check already reads.
 * `service_secrets` holds the JWT and webhook secrets a development or demo process generates on first
 * run, next to the generated ledger key; production configures its own and never writes here.
 */
export class SessionsAndSecrets1764210000000 implements MigrationInterface {
  name = 'SessionsAndSecrets1764210000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE refresh_tokens ADD COLUMN session_epoch integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE service_secrets (
        name text PRIMARY KEY,
        value text NOT NULL CHECK (length(value) >= 32),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE service_secrets`);
    await q.query(`ALTER TABLE refresh_tokens DROP COLUMN session_epoch`);
    await q.query(`ALTER TABLE users DROP COLUMN session_epoch`);
  }
}
