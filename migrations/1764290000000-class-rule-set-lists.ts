import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A class is validated against an ordered list of rule sets (a shared brand set plus its own) instead
 * of one, and every validation result records each rule-set version it applied, in that order.
 * Existing links and results move over as position 0.
 */
export class ClassRuleSetLists1764290000000 implements MigrationInterface {
  name = 'ClassRuleSetLists1764290000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE asset_class_rule_sets (
        class_id uuid NOT NULL REFERENCES asset_classes(id),
        rule_set_id uuid NOT NULL REFERENCES rule_sets(id),
        position integer NOT NULL CHECK (position >= 0),
        PRIMARY KEY (class_id, rule_set_id),
        CONSTRAINT uq_asset_class_rule_sets_position UNIQUE (class_id, position)
      )`);
    // "Which classes use this set?" is asked before every archive.
    await q.query(`CREATE INDEX idx_asset_class_rule_sets_rule_set ON asset_class_rule_sets (rule_set_id)`);
    await q.query(`
      INSERT INTO asset_class_rule_sets (class_id, rule_set_id, position)
      SELECT id, rule_set_id, 0 FROM asset_classes WHERE rule_set_id IS NOT NULL`);
    await q.query(`ALTER TABLE asset_classes DROP COLUMN rule_set_id`);

    // Insert-only like the results themselves; validation_results.rule_set_version_id stays the first.
    await q.query(`
      CREATE TABLE validation_result_rule_sets (
        result_id uuid NOT NULL REFERENCES validation_results(id),
        position integer NOT NULL CHECK (position >= 0),
        rule_set_version_id uuid NOT NULL REFERENCES rule_set_versions(id),
        PRIMARY KEY (result_id, position)
      )`);
    await q.query(`
      INSERT INTO validation_result_rule_sets (result_id, position, rule_set_version_id)
      SELECT id, 0, rule_set_version_id FROM validation_results WHERE rule_set_version_id IS NOT NULL`);
    await q.query(`
      CREATE TRIGGER validation_result_rule_sets_insert_only BEFORE UPDATE OR DELETE ON validation_result_rule_sets
      FOR EACH ROW EXECUTE FUNCTION quorate_refuse_change()`);
    await q.query(`
      CREATE TRIGGER validation_result_rule_sets_no_truncate BEFORE TRUNCATE ON validation_result_rule_sets
      FOR EACH STATEMENT EXECUTE FUNCTION quorate_refuse_change()`);
    await q.query(
      `ALTER TABLE validation_result_rule_sets ENABLE ALWAYS TRIGGER validation_result_rule_sets_insert_only`,
    );
    await q.query(
      `ALTER TABLE validation_result_rule_sets ENABLE ALWAYS TRIGGER validation_result_rule_sets_no_truncate`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE validation_result_rule_sets`);
    await q.query(`ALTER TABLE asset_classes ADD COLUMN rule_set_id uuid REFERENCES rule_sets(id)`);
    await q.query(`CREATE INDEX idx_asset_classes_rule_set ON asset_classes (rule_set_id)`);
    // One set per class again: the first of each list.
    await q.query(`
      UPDATE asset_classes c SET rule_set_id = l.rule_set_id
        FROM asset_class_rule_sets l WHERE l.class_id = c.id AND l.position = 0`);
    await q.query(`DROP TABLE asset_class_rule_sets`);
  }
}
