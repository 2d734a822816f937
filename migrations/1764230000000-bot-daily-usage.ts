import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The content bytes each bot submitted per UTC day, for BOT_DAILY_BYTES. One row per bot and day,
 * charged in the submission's own transaction, so a refused or failed submission charges nothing.
 */
export class BotDailyUsage1764230000000 implements MigrationInterface {
  name = 'BotDailyUsage1764230000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bot_daily_usage (
        bot_id uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
        day date NOT NULL,
        bytes bigint NOT NULL CHECK (bytes >= 0),
        PRIMARY KEY (bot_id, day)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bot_daily_usage`);
  }
}
