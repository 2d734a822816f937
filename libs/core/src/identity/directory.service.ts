import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import {
  AssetClassEntity,
  BotAssetClassEntity,
  BotEntity,
  GroupMemberEntity,
  RefreshTokenEntity,
  StakeholderGroupEntity,
  StakeholderWeightEntity,
  UserEntity,
  UserRole,
} from '../entities';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { LedgerActor, LedgerService } from '../ledger/ledger.service';
import { BotAuthService } from './bot-auth.service';
import { generateApiKey, generatePassword, hashPassword } from './secrets';

export interface PersonView {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  disabled: boolean;
  groups: string[];
  weights: Record<string, number>;
  createdAt: string;
}

export interface GroupView {
  key: string;
  name: string;
  members: string[];
}

export interface ApiKeyView {
  id: string;
  name: string;
  keyPrefix: string;
  ownerUserId: string;
  classKeys: string[];
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

const UNIQUE_VIOLATION = '23505';

/**
 * People, groups, weights and bot keys. Every change is written to the ledger with who made it, in
 * the same transaction as the change.
 */
@Injectable()
export class DirectoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    // Only what ends cached keys; the command line, which never ends any, passes a no-op.
    @Inject(BotAuthService) private readonly botAuth: Pick<BotAuthService, 'invalidate'>,
  ) {}

  async listPeople(): Promise<PersonView[]> {
    const users = await this.dataSource.getRepository(UserEntity).find({ order: { email: 'ASC' } });
    return this.peopleViews(this.dataSource.manager, users);
  }

  async getPerson(id: string): Promise<PersonView> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw new NotFoundError(`Person ${id} not found`);
    return (await this.peopleViews(this.dataSource.manager, [user]))[0];
  }

  /** Creates a person; without a password one is generated and returned once. */
  async createPerson(
    actor: LedgerActor,
    input: { email: string; displayName?: string; role: UserRole; password?: string },
  ): Promise<{ person: PersonView; password?: string }> {
    const password = input.password ?? generatePassword();
    const email = input.email.trim().toLowerCase();
    const passwordHash = await hashPassword(password);
    const user = await this.write(actor, async (em) => {
      if (await em.existsBy(UserEntity, { email }))
        throw new ConflictError(`A person with e-mail ${email} exists`);
      const created = await em.save(
        em.create(UserEntity, {
          email,
          displayName: input.displayName ?? '',
          role: input.role,
          passwordHash,
        }),
      );
      return {
        result: created,
        event: { kind: 'identity.person_created', data: { userId: created.id, role: input.role } },
      };
    });
    return { person: await this.getPerson(user.id), password: input.password ? undefined : password };
  }

  async updatePerson(
    actor: LedgerActor,
    id: string,
    changes: { role?: UserRole; displayName?: string; disabled?: boolean; password?: string },
  ): Promise<PersonView> {
    const passwordHash = changes.password ? await hashPassword(changes.password) : undefined;
    await this.write(actor, async (em) => {
      const user = await em.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError(`Person ${id} not found`);
      const data: Record<string, unknown> = { userId: id };
      if (changes.role !== undefined && changes.role !== user.role) {
        data.role = { from: user.role, to: changes.role };
        user.role = changes.role;
      }
      if (changes.displayName !== undefined) user.displayName = changes.displayName;
      if (changes.disabled !== undefined && changes.disabled !== Boolean(user.disabledAt)) {
        data.disabled = changes.disabled;
        user.disabledAt = changes.disabled ? new Date() : null;
      }
      if (passwordHash) {
        user.passwordHash = passwordHash;
        data.passwordChanged = true;
      }
      // Each of these changes who may act as this person, or as what: every session ends with it.
      if (data.role !== undefined || data.disabled === true || passwordHash) {
        user.sessionEpoch += 1;
        await em.update(RefreshTokenEntity, { userId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
        data.sessionsEnded = true;
      }
      await em.save(user);
      return { result: user, event: { kind: 'identity.person_updated', data } };
    });
    // Disabling the owner ends its bots' keys: no instance may keep serving them from its cache.
    if (changes.disabled === true) await this.botAuth.invalidate();
    return this.getPerson(id);
  }

  async setWeight(actor: LedgerActor, userId: string, classKey: string, weight: number): Promise<PersonView> {
    if (!Number.isSafeInteger(weight) || weight < 0 || weight > 1_000_000) {
      throw new InvalidInputError('weight must be an integer from 0 to 1000000');
    }
    await this.write(actor, async (em) => {
      const user = await em.findOneBy(UserEntity, { id: userId });
      if (!user) throw new NotFoundError(`Person ${userId} not found`);
      const assetClass = await this.requireClass(em, classKey);
      const before = await em.findOneBy(StakeholderWeightEntity, { userId, classId: assetClass.id });
      await em.upsert(StakeholderWeightEntity, { userId, classId: assetClass.id, weight }, [
        'userId',
        'classId',
      ]);
      return {
        result: null,
        event: {
          kind: 'identity.weight_set',
          data: { userId, classKey, from: before?.weight ?? 0, to: weight },
        },
      };
    });
    return this.getPerson(userId);
  }

  async listGroups(): Promise<GroupView[]> {
    const groups = await this.dataSource
      .getRepository(StakeholderGroupEntity)
      .find({ order: { key: 'ASC' } });
    const members = await this.dataSource.getRepository(GroupMemberEntity).find();
    return groups.map((g) => ({
      key: g.key,
      name: g.name,
      members: members.filter((m) => m.groupId === g.id).map((m) => m.userId),
    }));
  }

  async createGroup(actor: LedgerActor, input: { key: string; name: string }): Promise<GroupView> {
    await this.write(actor, async (em) => {
      if (await em.existsBy(StakeholderGroupEntity, { key: input.key })) {
        throw new ConflictError(`Group "${input.key}" exists`);
      }
      const group = await em.save(em.create(StakeholderGroupEntity, input));
      return {
        result: group,
        event: { kind: 'identity.group_created', data: { group: input.key, name: input.name } },
      };
    });
    return { key: input.key, name: input.name, members: [] };
  }

  async setMembership(
    actor: LedgerActor,
    groupKey: string,
    userId: string,
    member: boolean,
  ): Promise<GroupView> {
    await this.write(actor, async (em) => {
      const group = await em.findOneBy(StakeholderGroupEntity, { key: groupKey });
      if (!group) throw new NotFoundError(`Group "${groupKey}" not found`);
      if (!(await em.existsBy(UserEntity, { id: userId })))
        throw new NotFoundError(`Person ${userId} not found`);
      if (member) {
        await em
          .createQueryBuilder()
          .insert()
          .into(GroupMemberEntity)
          .values({ groupId: group.id, userId })
          .orIgnore()
          .execute();
      } else {
        await em.delete(GroupMemberEntity, { groupId: group.id, userId });
      }
      return {
        result: null,
        event: {
          kind: member ? 'identity.member_added' : 'identity.member_removed',
          data: { group: groupKey, userId },
        },
      };
    });
    const view = (await this.listGroups()).find((g) => g.key === groupKey);
    if (!view) throw new NotFoundError(`Group "${groupKey}" not found`);
    return view;
  }

  async listApiKeys(): Promise<ApiKeyView[]> {
    const bots = await this.dataSource.getRepository(BotEntity).find({ order: { createdAt: 'ASC' } });
    return this.apiKeyViews(this.dataSource.manager, bots);
  }

  /** Creates a bot and its key. The key is returned once; only its hash is kept. */
  async createApiKey(
    actor: LedgerActor,
    input: { name: string; ownerUserId?: string; ownerEmail?: string; classKeys: string[] },
  ): Promise<{ apiKey: ApiKeyView; key: string }> {
    const generated = generateApiKey();
    const bot = await this.write(actor, async (em) => {
      const owner = input.ownerUserId
        ? await em.findOneBy(UserEntity, { id: input.ownerUserId })
        : await em.findOneBy(UserEntity, { email: (input.ownerEmail ?? '').trim().toLowerCase() });
      if (!owner)
        throw new InvalidInputError('The owner must be an existing person (ownerUserId or ownerEmail)');
      const classes = await this.requireClasses(em, input.classKeys);
      const created = await em.save(
        em.create(BotEntity, {
          name: input.name,
          ownerUserId: owner.id,
          keyHash: generated.hash,
          keyPrefix: generated.displayPrefix,
        }),
      );
      await em.insert(
        BotAssetClassEntity,
        classes.map((c) => ({ botId: created.id, classId: c.id })),
      );
      return {
        result: created,
        event: {
          kind: 'identity.api_key_created',
          data: {
            botId: created.id,
            name: input.name,
            ownerUserId: owner.id,
            keyPrefix: generated.displayPrefix,
            classKeys: input.classKeys,
          },
        },
      };
    });
    return { apiKey: (await this.apiKeyViews(this.dataSource.manager, [bot]))[0], key: generated.key };
  }

  async revokeApiKey(actor: LedgerActor, botId: string): Promise<ApiKeyView> {
    const bot = await this.write(actor, async (em) => {
      const found = await em.findOne(BotEntity, {
        where: { id: botId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw new NotFoundError(`API key ${botId} not found`);
      if (found.revokedAt) return { result: found, event: null };
      found.revokedAt = new Date();
      await em.save(found);
      return {
        result: found,
        event: { kind: 'identity.api_key_revoked', data: { botId, keyPrefix: found.keyPrefix } },
      };
    });
    await this.botAuth.invalidate();
    return (await this.apiKeyViews(this.dataSource.manager, [bot]))[0];
  }

  /** Runs a change and writes its ledger entry in one transaction; a lost race on a unique key is a 409. */
  private async write<T>(
    actor: LedgerActor,
    change: (
      em: EntityManager,
    ) => Promise<{ result: T; event: { kind: string; data: Record<string, unknown> } | null }>,
  ): Promise<T> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const { result, event } = await change(em);
        if (event) await this.ledger.append(em, { ...event, assetId: null, actor });
        return result;
      });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION)
        throw new ConflictError('That already exists');
      throw error;
    }
  }

  private async requireClass(em: EntityManager, key: string): Promise<AssetClassEntity> {
    const found = await em.findOneBy(AssetClassEntity, { key });
    if (!found) throw new InvalidInputError(`Unknown asset class "${key}"`);
    return found;
  }

  private async requireClasses(em: EntityManager, keys: string[]): Promise<AssetClassEntity[]> {
    const unique = [...new Set(keys)];
    const found = unique.length ? await em.findBy(AssetClassEntity, { key: In(unique) }) : [];
    const missing = unique.filter((k) => !found.some((c) => c.key === k));
    if (missing.length) throw new InvalidInputError(`Unknown asset class(es): ${missing.join(', ')}`);
    return found;
  }

  private async peopleViews(em: EntityManager, users: UserEntity[]): Promise<PersonView[]> {
    if (users.length === 0) return [];
    const ids = users.map((u) => u.id);
    const [memberships, weights] = await Promise.all([
      em.query<{ user_id: string; key: string }[]>(
        `SELECT m.user_id, g.key FROM group_members m JOIN stakeholder_groups g ON g.id = m.group_id
          WHERE m.user_id = ANY($1) ORDER BY g.key`,
        [ids],
      ),
      em.query<{ user_id: string; key: string; weight: number }[]>(
        `SELECT w.user_id, c.key, w.weight FROM stakeholder_weights w JOIN asset_classes c ON c.id = w.class_id
          WHERE w.user_id = ANY($1) ORDER BY c.key`,
        [ids],
      ),
    ]);
    return users.map((u) => ({
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      role: u.role,
      disabled: Boolean(u.disabledAt),
      groups: memberships.filter((m) => m.user_id === u.id).map((m) => m.key),
      weights: Object.fromEntries(weights.filter((w) => w.user_id === u.id).map((w) => [w.key, w.weight])),
      createdAt: u.createdAt.toISOString(),
    }));
  }

  private async apiKeyViews(em: EntityManager, bots: BotEntity[]): Promise<ApiKeyView[]> {
    if (bots.length === 0) return [];
    const classes = await em.query<{ bot_id: string; key: string }[]>(
      `SELECT b.bot_id, c.key FROM bot_asset_classes b JOIN asset_classes c ON c.id = b.class_id
        WHERE b.bot_id = ANY($1) ORDER BY c.key`,
      [bots.map((b) => b.id)],
    );
    return bots.map((b) => ({
      id: b.id,
      name: b.name,
      keyPrefix: b.keyPrefix,
      ownerUserId: b.ownerUserId,
      classKeys: classes.filter((c) => c.bot_id === b.id).map((c) => c.key),
      lastUsedAt: b.lastUsedAt?.toISOString() ?? null,
      revokedAt: b.revokedAt?.toISOString() ?? null,
      createdAt: b.createdAt.toISOString(),
    }));
  }
}
