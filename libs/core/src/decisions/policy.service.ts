import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { dryRun, validatePolicy } from '@app/domain';
import type { ConsensusPolicy, DryRunChange, PastDecision } from '@app/domain';
import { AssetClassEntity, ConsensusPolicyEntity, DecisionEntity, VoteEntity } from '../entities';
import { InvalidInputError, NotFoundError } from '../errors';
import { LedgerActor, LedgerService } from '../ledger/ledger.service';

export type PolicyFields = ConsensusPolicy;

export interface PolicyView extends ConsensusPolicy {
  id: string;
  classKey: string;
  version: number;
  createdAt: string;
}

export function toDomainPolicy(row: ConsensusPolicyEntity): ConsensusPolicy {
  return {
    mode: row.mode,
    quorumBps: row.quorumBps,
    approvalBps: row.approvalBps,
    minApprovers: row.minApprovers,
    requiredGroups: row.requiredGroups,
    vetoGroups: row.vetoGroups,
    votingPeriodSeconds: row.votingPeriodSeconds,
    earlyDecision: row.earlyDecision,
  };
}

/** Versioned consensus policies: an edit is a new version, and a version never changes. */
@Injectable()
export class PolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
  ) {}

  async current(em: EntityManager, classId: string): Promise<ConsensusPolicyEntity> {
    const policy = await em.findOne(ConsensusPolicyEntity, {
      where: { classId },
      order: { version: 'DESC' },
    });
    if (!policy) throw new InvalidInputError('This asset class has no consensus policy');
    return policy;
  }

  async list(classKey?: string): Promise<PolicyView[]> {
    const rows = await this.dataSource.query<{ id: string; key: string }[]>(
      `SELECT p.id, c.key FROM consensus_policies p JOIN asset_classes c ON c.id = p.class_id
        WHERE $1::text IS NULL OR c.key = $1 ORDER BY c.key, p.version`,
      [classKey ?? null],
    );
    const policies = await this.dataSource
      .getRepository(ConsensusPolicyEntity)
      .findBy({ id: In(rows.map((row) => row.id)) });
    const byId = new Map(policies.map((policy) => [policy.id, policy]));
    return rows.flatMap((row) => {
      const policy = byId.get(row.id);
      return policy ? [this.view(policy, row.key)] : [];
    });
  }

  async get(id: string): Promise<PolicyView> {
    const policy = await this.dataSource.getRepository(ConsensusPolicyEntity).findOneBy({ id });
    if (!policy) throw new NotFoundError(`Policy ${id} not found`);
    const assetClass = await this.dataSource
      .getRepository(AssetClassEntity)
      .findOneByOrFail({ id: policy.classId });
    return this.view(policy, assetClass.key);
  }

  /** Adds the next version of a class's policy, inside the caller's transaction when given one. */
  async createVersion(
    actor: LedgerActor,
    classKey: string,
    fields: PolicyFields,
    em?: EntityManager,
  ): Promise<PolicyView> {
    const problems = validatePolicy(fields);
    if (problems.length > 0) throw new InvalidInputError(`Invalid policy: ${problems.join('; ')}`, problems);
    const write = async (tx: EntityManager) => {
      const assetClass = await tx.findOne(AssetClassEntity, {
        where: { key: classKey },
        lock: { mode: 'pessimistic_write' },
      });
      if (!assetClass) throw new InvalidInputError(`Unknown asset class "${classKey}"`);
      const latest = await tx.findOne(ConsensusPolicyEntity, {
        where: { classId: assetClass.id },
        order: { version: 'DESC' },
      });
      const created = await tx.save(
        tx.create(ConsensusPolicyEntity, {
          ...fields,
          requiredGroups: [...fields.requiredGroups],
          vetoGroups: [...fields.vetoGroups],
          classId: assetClass.id,
          version: (latest?.version ?? 0) + 1,
          createdBy: actor.type === 'user' ? actor.id : null,
        }),
      );
      await this.ledger.append(tx, {
        kind: 'policy.version_created',
        assetId: null,
        actor,
        data: { classKey, version: created.version, policy: fields },
      });
      return this.view(created, classKey);
    };
    return em ? write(em) : this.dataSource.transaction(write);
  }

  /**
   * Replays the class's closed decisions under a draft that starts from policy `id` with `changes`
   * applied, and lists those whose outcome would differ.
   */
  async dryRun(
    id: string,
    changes: Partial<PolicyFields>,
  ): Promise<{ draft: ConsensusPolicy; examined: number; changed: DryRunChange[] }> {
    const base = await this.dataSource.getRepository(ConsensusPolicyEntity).findOneBy({ id });
    if (!base) throw new NotFoundError(`Policy ${id} not found`);
    const draft: ConsensusPolicy = { ...toDomainPolicy(base), ...changes };
    const problems = validatePolicy(draft);
    if (problems.length > 0) throw new InvalidInputError(`Invalid policy: ${problems.join('; ')}`, problems);
    const decisions = await this.dataSource.query<DecisionEntityRow[]>(
      `SELECT d.id, d.roster, d.state, d.opened_at, d.closed_at FROM decisions d
         JOIN consensus_policies p ON p.id = d.policy_id
        WHERE p.class_id = $1 AND d.state IN ('approved', 'rejected', 'expired')
        ORDER BY d.closed_at`,
      [base.classId],
    );
    const votes = await this.dataSource
      .getRepository(VoteEntity)
      .createQueryBuilder('v')
      .where('v.decision_id = ANY(:ids)', { ids: decisions.map((d) => d.id) })
      .orderBy('v.id')
      .getMany();
    const past: PastDecision[] = decisions.map((d) => ({
      id: d.id,
      roster: d.roster,
      openedAt: d.opened_at,
      closedAt: d.closed_at,
      outcome: d.state,
      votes: votes
        .filter((v) => v.decisionId === d.id)
        .map((v) => ({ voterId: v.voterId, choice: v.choice, at: v.castAt })),
    }));
    return {
      draft,
      examined: past.length,
      changed: dryRun(draft, past).map(({ decision: _omitted, ...change }) => change),
    };
  }

  view(policy: ConsensusPolicyEntity, classKey: string): PolicyView {
    return {
      id: policy.id,
      classKey,
      version: policy.version,
      ...toDomainPolicy(policy),
      createdAt: policy.createdAt.toISOString(),
    };
  }
}

interface DecisionEntityRow {
  id: string;
  roster: DecisionEntity['roster'];
  state: 'approved' | 'rejected' | 'expired';
  opened_at: Date;
  closed_at: Date;
}
