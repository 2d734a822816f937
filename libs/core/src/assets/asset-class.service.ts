import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AssetClassEntity, AssetClassVoterGroupEntity, StakeholderGroupEntity } from '../entities';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { PolicyFields, PolicyService, PolicyView } from '../decisions/policy.service';
import { LedgerActor, LedgerService } from '../ledger/ledger.service';

export interface AssetClassView {
  id: string;
  key: string;
  name: string;
  /** Groups whose weighted members vote on this class; empty means every person with a weight for it. */
  voterGroups: string[];
  policy: PolicyView;
  /** The rule sets validation applies, in order, each at its latest version. */
  ruleSets: { id: string; key: string; version: number }[];
}

@Injectable()
export class AssetClassService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: PolicyService,
    private readonly ledger: LedgerService,
  ) {}

  async list(): Promise<AssetClassView[]> {
    const classes = await this.dataSource.getRepository(AssetClassEntity).find({ order: { key: 'ASC' } });
    return Promise.all(classes.map((c) => this.view(this.dataSource.manager, c)));
  }

  async get(key: string): Promise<AssetClassView> {
    const found = await this.dataSource.getRepository(AssetClassEntity).findOneBy({ key });
    if (!found) throw new NotFoundError(`Asset class "${key}" not found`);
    return this.view(this.dataSource.manager, found);
  }

  /** Creates a class with its first policy version. */
  async create(
    actor: LedgerActor,
    input: { key: string; name: string; voterGroups: string[]; policy: PolicyFields },
  ): Promise<AssetClassView> {
    return this.dataSource.transaction(async (em) => {
      if (await em.existsBy(AssetClassEntity, { key: input.key }))
        throw new ConflictError(`Asset class "${input.key}" exists`);
      const created = await em.save(em.create(AssetClassEntity, { key: input.key, name: input.name }));
      await this.writeVoterGroups(em, created.id, input.voterGroups);
      await this.ledger.append(em, {
        kind: 'asset_class.created',
        assetId: null,
        actor,
        data: { classKey: input.key, name: input.name, voterGroups: input.voterGroups },
      });
      await this.policies.createVersion(actor, input.key, input.policy, em);
      return this.view(em, created);
    });
  }

  async update(
    actor: LedgerActor,
    key: string,
    changes: { name?: string; voterGroups?: string[] },
  ): Promise<AssetClassView> {
    return this.dataSource.transaction(async (em) => {
      const found = await em.findOne(AssetClassEntity, {
        where: { key },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw new NotFoundError(`Asset class "${key}" not found`);
      if (changes.name !== undefined)
        await em.update(AssetClassEntity, { id: found.id }, { name: changes.name });
      if (changes.voterGroups !== undefined) {
        await em.delete(AssetClassVoterGroupEntity, { classId: found.id });
        await this.writeVoterGroups(em, found.id, changes.voterGroups);
      }
      await this.ledger.append(em, {
        kind: 'asset_class.updated',
        assetId: null,
        actor,
        data: { classKey: key, ...changes },
      });
      return this.view(em, { ...found, name: changes.name ?? found.name });
    });
  }

  private async writeVoterGroups(em: EntityManager, classId: string, keys: string[]): Promise<void> {
    const unique = [...new Set(keys)];
    const groups = unique.length ? await em.findBy(StakeholderGroupEntity, { key: In(unique) }) : [];
    const missing = unique.filter((k) => !groups.some((g) => g.key === k));
    if (missing.length) throw new InvalidInputError(`Unknown group(s): ${missing.join(', ')}`);
    if (groups.length)
      await em.insert(
        AssetClassVoterGroupEntity,
        groups.map((g) => ({ classId, groupId: g.id })),
      );
  }

  private async view(em: EntityManager, assetClass: AssetClassEntity): Promise<AssetClassView> {
    const groups = await em.query<{ key: string }[]>(
      `SELECT g.key FROM asset_class_voter_groups v JOIN stakeholder_groups g ON g.id = v.group_id
        WHERE v.class_id = $1 ORDER BY g.key`,
      [assetClass.id],
    );
    const policy = await this.policies.current(em, assetClass.id);
    const ruleSets = await em.query<{ id: string; key: string; version: number }[]>(
      `SELECT s.id, s.key, (SELECT max(v.version) FROM rule_set_versions v WHERE v.rule_set_id = s.id) AS version
         FROM asset_class_rule_sets l JOIN rule_sets s ON s.id = l.rule_set_id
        WHERE l.class_id = $1 ORDER BY l.position`,
      [assetClass.id],
    );
    return {
      id: assetClass.id,
      key: assetClass.key,
      name: assetClass.name,
      voterGroups: groups.map((g) => g.key),
      policy: this.policies.view(policy, assetClass.key),
      ruleSets,
    };
  }
}
