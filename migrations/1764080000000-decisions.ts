import { MigrationInterface, QueryRunner } from 'typeorm';

export class Decisions1764080000000 implements MigrationInterface {
  name = 'Decisions1764080000000';

  public async up(q: QueryRunner): Promise<void> {
    // Policy versions are never edited: a change is a new version, so a decision that froze one keeps it.
    await q.query(`
      CREATE TABLE consensus_policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        class_id uuid NOT NULL REFERENCES asset_classes(id),
        version integer NOT NULL CHECK (version >= 1),
        mode text NOT NULL CHECK (mode IN ('auto', 'quorum')),
        quorum_bps integer NOT NULL CHECK (quorum_bps BETWEEN 0 AND 10000),
        approval_bps integer NOT NULL CHECK (approval_bps BETWEEN 0 AND 10000),
        min_approvers integer NOT NULL CHECK (min_approvers >= 0),
        required_groups text[] NOT NULL DEFAULT '{}',
        veto_groups text[] NOT NULL DEFAULT '{}',
        voting_period_seconds integer NOT NULL CHECK (voting_period_seconds > 0),
        early_decision boolean NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (class_id, version)
      )`);
    await q.query(`
      CREATE FUNCTION consensus_policies_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'policy versions are immutable: create a new version' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER consensus_policies_no_update BEFORE UPDATE OR DELETE ON consensus_policies
      FOR EACH ROW EXECUTE FUNCTION consensus_policies_immutable()`);
    await q.query(`
      CREATE TABLE asset_class_voter_groups (
        class_id uuid NOT NULL REFERENCES asset_classes(id),
        group_id uuid NOT NULL REFERENCES stakeholder_groups(id),
        PRIMARY KEY (class_id, group_id)
      )`);
    // Every existing class gets a first policy matching its mode.
    await q.query(`
      INSERT INTO consensus_policies (class_id, version, mode, quorum_bps, approval_bps, min_approvers,
        voting_period_seconds, early_decision)
      SELECT id, 1, mode, 5000, 5000, 1, 86400, true FROM asset_classes`);
    // From here on the class's current policy version says whether it is reviewed.
    await q.query(`ALTER TABLE asset_classes DROP COLUMN mode`);
    await q.query(`
      CREATE TABLE decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id uuid NOT NULL UNIQUE REFERENCES asset_versions(id),
        asset_id uuid NOT NULL REFERENCES assets(id),
        policy_id uuid NOT NULL REFERENCES consensus_policies(id),
        roster jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'approved', 'rejected', 'expired', 'superseded', 'withdrawn')),
        closed_by text CHECK (closed_by IN ('early', 'deadline', 'veto', 'superseded', 'withdrawn')),
        opened_at timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        closed_at timestamptz,
        result jsonb,
        CHECK ((state = 'open') = (closed_at IS NULL))
      )`);
    await q.query(`CREATE INDEX idx_decisions_open_deadline ON decisions (deadline) WHERE state = 'open'`);
    await q.query(`CREATE INDEX idx_decisions_asset ON decisions (asset_id)`);
    // Every vote is kept; the last one of each voter counts.
    await q.query(`
      CREATE TABLE votes (
        id bigserial PRIMARY KEY,
        decision_id uuid NOT NULL REFERENCES decisions(id),
        voter_id uuid NOT NULL REFERENCES users(id),
        choice text NOT NULL CHECK (choice IN ('approve', 'reject', 'abstain')),
        reason text NOT NULL DEFAULT '',
        carried_from uuid REFERENCES decisions(id),
        -- The ledger entry that records this vote, which decision.closed lists so a bundle cannot drop it.
        ledger_index bigint NOT NULL REFERENCES ledger_entries(idx),
        cast_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX idx_votes_decision ON votes (decision_id, id)`);
    await q.query(`CREATE INDEX idx_votes_voter ON votes (voter_id)`);
    await q.query(`
      CREATE TRIGGER votes_insert_only BEFORE UPDATE OR DELETE ON votes
      FOR EACH ROW EXECUTE FUNCTION consensus_policies_immutable()`);
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL,
        created_by uuid REFERENCES users(id),
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks(id),
        event text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX idx_webhook_deliveries_pending ON webhook_deliveries (created_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX idx_webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhooks`);
    await q.query(`DROP TABLE votes`);
    await q.query(`DROP TABLE decisions`);
    await q.query(`DROP TABLE asset_class_voter_groups`);
    await q.query(`ALTER TABLE asset_classes ADD COLUMN mode text NOT NULL DEFAULT 'auto'`);
    await q.query(`UPDATE asset_classes c SET mode = p.mode FROM consensus_policies p
      WHERE p.class_id = c.id AND p.version = (SELECT max(version) FROM consensus_policies WHERE class_id = c.id)`);
    await q.query(`DROP TABLE consensus_policies`);
    await q.query(`DROP FUNCTION consensus_policies_immutable()`);
  }
}
