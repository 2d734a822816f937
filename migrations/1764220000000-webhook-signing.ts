import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Standard Webhooks signing with rotation, chat (Slack-format) webhooks, and a delivery log that keeps
 * only the status class. A webhook's key is derived from WEBHOOK_SECRET, its id and `secret_salt`;
 * rows from before have no salt and keep the key they were shown (derived from the id alone). During a
 * rotation's grace the previous salt (NULL for such a key) signs too, until previous_secret_expires_at.
 */
export class WebhookSigning1764220000000 implements MigrationInterface {
  name = 'WebhookSigning1764220000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhooks
        ADD COLUMN kind text NOT NULL DEFAULT 'standard' CHECK (kind IN ('standard', 'slack')),
        ADD COLUMN secret_salt text CHECK (secret_salt ~ '^[0-9a-f]{32}$'),
        ADD COLUMN previous_secret_salt text CHECK (previous_secret_salt ~ '^[0-9a-f]{32}$'),
        ADD COLUMN previous_secret_expires_at timestamptz`);
    await q.query(`
      ALTER TABLE webhook_deliveries
        ADD COLUMN last_status_class text CHECK (last_status_class IN ('2xx', '3xx', '4xx', '5xx'))`);
    // Exact codes and error texts told open, closed and filtered ports apart: keep only the class.
    await q.query(`
      UPDATE webhook_deliveries SET
        last_status_class = CASE
          WHEN last_status_code BETWEEN 200 AND 299 THEN '2xx'
          WHEN last_status_code BETWEEN 300 AND 399 THEN '3xx'
          WHEN last_status_code BETWEEN 400 AND 499 THEN '4xx'
          WHEN last_status_code IS NOT NULL THEN '5xx'
        END,
        last_error = CASE
          WHEN last_error IS NULL THEN NULL
          WHEN last_status_code IS NOT NULL THEN 'receiver answered ' || (last_status_code / 100) || 'xx'
          ELSE 'connection failed'
        END`);
    await q.query(`ALTER TABLE webhook_deliveries DROP COLUMN last_status_code`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_deliveries ADD COLUMN last_status_code integer`);
    await q.query(`
      UPDATE webhook_deliveries
      SET last_status_code = left(last_status_class, 1)::integer * 100
      WHERE last_status_class IS NOT NULL`);
    await q.query(`ALTER TABLE webhook_deliveries DROP COLUMN last_status_class`);
    await q.query(`
      ALTER TABLE webhooks
        DROP COLUMN kind, DROP COLUMN secret_salt, DROP COLUMN previous_secret_salt,
        DROP COLUMN previous_secret_expires_at`);
  }
}
