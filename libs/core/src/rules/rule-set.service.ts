import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { passes, validateRuleSet } from '@app/domain';
import type { Finding, Rule } from '@app/domain';
import { AssetClassEntity } from '../entities';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { sha256Hex } from '../hashing';
import { LedgerActor, LedgerService } from '../ledger/ledger.service';
import { canonicalSha256 } from './canonical-json';
import { ContentEvaluator } from './content-evaluator.service';
import { RuleSetEntity, RuleSetVersionEntity } from './rule-set.entities';

export interface RuleSetVersionView {
  ruleSetId: string;
  key: string;
  version: number;
  name: string;
  description: string;
  rules: Rule[];
  /** SHA-256 of the rules as canonical JSON: what the ledger and each validation result record. */
  rulesSha256: string;
  createdBy: string | null;
  createdAt: string;
}

export interface RuleSetView extends RuleSetVersionView {
  id: string;
  /** Number of versions; `version` is the latest, which validation uses. */
  versions: number;
  archivedAt: string | null;
  /** Keys of the asset classes whose lists include this rule set. */
  classes: string[];
}

export interface RuleSetFields {
  name: string;
  description?: string;
  /** Unchecked input: validateRuleSet decides. */
  rules: unknown;
}

export interface RuleSetSample {
  bytes: Buffer;
  mediaType: string;
  /** A past version to test instead of the latest. */
  version?: number;
}

export interface RuleSetTestResult {
  ruleSet: { id: string; key: string; version: number; rulesSha256: string };
  passes: boolean;
  findings: Finding[];
  sha256: string;
  sizeBytes: number;
  sniffedMediaType: string;
  durationMs: number;
}

/** A draft rule set tried on a sample: checked like a stored one, but neither saved nor in the ledger. */
export interface DraftRuleSetSample {
  bytes: Buffer;
  mediaType: string;
  /** Unchecked input: validateRuleSet decides (a 422 lists every problem). */
  rules: unknown;
}

export interface DraftRuleSetTestResult extends Omit<RuleSetTestResult, 'ruleSet'> {
  ruleSet: { draft: true; rulesSha256: string; ruleCount: number };
}

/** One rule-set version a class is validated against: that rule set's latest. */
export interface ClassRuleSet {
  versionId: string;
  ruleSetId: string;
  key: string;
  version: number;
  rules: Rule[];
  rulesSha256: string;
}

/**
 * Versioned brand rule sets. Every edit adds a version and no version ever changes (a trigger enforces
 * it), so a validation result that names a version can be replayed against exactly those rules.
 */
@Injectable()
export class RuleSetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly evaluator: ContentEvaluator,
  ) {}

  async list(options: { includeArchived?: boolean } = {}): Promise<RuleSetView[]> {
    const sets = await this.dataSource.getRepository(RuleSetEntity).find({ order: { key: 'ASC' } });
    const shown = options.includeArchived ? sets : sets.filter((s) => s.archivedAt === null);
    return Promise.all(shown.map((s) => this.view(this.dataSource.manager, s)));
  }

  async get(id: string): Promise<RuleSetView> {
    return this.view(this.dataSource.manager, await this.find(this.dataSource.manager, id));
  }

  async versions(id: string): Promise<RuleSetVersionView[]> {
    const set = await this.find(this.dataSource.manager, id);
    const rows = await this.dataSource
      .getRepository(RuleSetVersionEntity)
      .find({ where: { ruleSetId: id }, order: { version: 'ASC' } });
    return rows.map((row) => versionView(set, row));
  }

  async version(id: string, version: number): Promise<RuleSetVersionView> {
    const set = await this.find(this.dataSource.manager, id);
    const row = await this.dataSource
      .getRepository(RuleSetVersionEntity)
      .findOneBy({ ruleSetId: id, version });
    if (!row) throw new NotFoundError(`Rule set ${set.key} has no version ${version}`);
    return versionView(set, row);
  }

  async create(actor: LedgerActor, input: RuleSetFields & { key: string }): Promise<RuleSetView> {
    const rules = checkedRules(input.rules);
    return this.dataSource.transaction(async (em) => {
      if (await em.existsBy(RuleSetEntity, { key: input.key })) {
        throw new ConflictError(`Rule set "${input.key}" exists`);
      }
      const set = await em.save(em.create(RuleSetEntity, { key: input.key, createdBy: userOf(actor) }));
      const row = await this.insertVersion(em, actor, set, 1, { ...input, rules });
      await this.ledger.append(em, {
        kind: 'rule_set.created',
        assetId: null,
        actor,
        data: ledgerData(set, row),
      });
      return this.view(em, set);
    });
  }

  /**
   * Adds a version. With `baseVersion`, the edit applies only if that is still the latest (409
   * otherwise), so two admins editing at once cannot silently overwrite each other. An edit that
   * changes nothing adds nothing.
   */
  async update(
    actor: LedgerActor,
    id: string,
    input: Partial<RuleSetFields> & { rules: unknown; baseVersion?: number },
  ): Promise<RuleSetView> {
    const rules = checkedRules(input.rules);
    return this.dataSource.transaction(async (em) => {
      const set = await this.find(em, id, true);
      if (set.archivedAt) throw new ConflictError(`Rule set "${set.key}" is archived`);
      const latest = await this.latest(em, set.id);
      if (input.baseVersion !== undefined && input.baseVersion !== latest.version) {
        throw new ConflictError(
          `Rule set "${set.key}" is at version ${latest.version}, not ${input.baseVersion}: reload it and edit again`,
          { currentVersion: latest.version },
        );
      }
      const fields = {
        name: input.name ?? latest.name,
        description: input.description ?? latest.description,
        rules,
      };
      const unchanged =
        fields.name === latest.name &&
        fields.description === latest.description &&
        canonicalSha256(rules) === latest.rulesSha256;
      if (!unchanged) {
        const row = await this.insertVersion(em, actor, set, latest.version + 1, fields);
        await this.ledger.append(em, {
          kind: 'rule_set.version_created',
          assetId: null,
          actor,
          data: ledgerData(set, row),
        });
      }
      return this.view(em, set);
    });
  }

  /** Archived rule sets are hidden from lists and cannot govern a class; their versions stay. */
  async archive(actor: LedgerActor, id: string): Promise<RuleSetView> {
    return this.dataSource.transaction(async (em) => {
      const set = await this.find(em, id, true);
      if (set.archivedAt) return this.view(em, set);
      const classes = await this.classKeys(em, set.id);
      if (classes.length > 0) {
        throw new ConflictError(
          `Rule set "${set.key}" still governs ${classes.map((c) => `"${c}"`).join(', ')}: point those classes elsewhere first`,
          { classes },
        );
      }
      const archivedAt = new Date();
      await em.update(RuleSetEntity, { id: set.id }, { archivedAt });
      await this.ledger.append(em, {
        kind: 'rule_set.archived',
        assetId: null,
        actor,
        data: { ruleSetId: set.id, key: set.key },
      });
      return this.view(em, { ...set, archivedAt });
    });
  }

  /**
   * Adds this rule set to the end of the class's list, if it is not there already; the class's next
   * validations use its latest version after the sets before it.
   */
  async assignToClass(actor: LedgerActor, id: string, classKey: string): Promise<RuleSetView> {
    return this.dataSource.transaction(async (em) => {
      // Locked, so that archiving cannot slip in between the check and the assignment.
      const set = await this.find(em, id, true);
      if (set.archivedAt) throw new ConflictError(`Rule set "${set.key}" is archived`);
      const assetClass = await this.lockClass(em, classKey);
      const current = await this.linkedIds(em, assetClass.id);
      if (!current.includes(set.id)) {
        await this.writeLinks(em, assetClass.id, [...current, set.id]);
        await this.ledger.append(em, {
          kind: 'asset_class.rule_set_assigned',
          assetId: null,
          actor,
          data: { classKey, ruleSetId: set.id, ruleSetKey: set.key, position: current.length },
        });
      }
      return this.view(em, set);
    });
  }

  /** Takes this rule set out of the class's list; the others keep their order. */
  async removeFromClass(actor: LedgerActor, id: string, classKey: string): Promise<RuleSetView> {
    return this.dataSource.transaction(async (em) => {
      const set = await this.find(em, id);
      const assetClass = await this.lockClass(em, classKey);
      const current = await this.linkedIds(em, assetClass.id);
      if (!current.includes(set.id)) {
        throw new NotFoundError(`Asset class "${classKey}" is not governed by rule set "${set.key}"`);
      }
      await this.writeLinks(
        em,
        assetClass.id,
        current.filter((linked) => linked !== set.id),
      );
      await this.ledger.append(em, {
        kind: 'asset_class.rule_set_removed',
        assetId: null,
        actor,
        data: { classKey, ruleSetId: set.id, ruleSetKey: set.key },
      });
      return this.view(em, set);
    });
  }

  /**
   * Replaces the class's ordered list of rule sets. Every set must exist and not be archived; an
   * empty list leaves the class with integrity and media checks only.
   */
  async setForClass(actor: LedgerActor, classKey: string, ruleSetIds: string[]): Promise<void> {
    const repeated = ruleSetIds.filter((id, i) => ruleSetIds.indexOf(id) !== i);
    if (repeated.length > 0) {
      throw new InvalidInputError(
        `A rule set may appear only once in a class's list: ${repeated.join(', ')}`,
        [{ field: 'ruleSetIds', problems: [`repeated: ${[...new Set(repeated)].join(', ')}`] }],
      );
    }
    await this.dataSource.transaction(async (em) => {
      const assetClass = await this.lockClass(em, classKey);
      // Locked, so that archiving cannot slip in between the check and the assignment; in id order, so
      // that two lists naming the same sets in different orders cannot deadlock.
      const locked = new Map<string, RuleSetEntity>();
      for (const id of [...ruleSetIds].sort()) locked.set(id, await this.find(em, id, true));
      const sets = ruleSetIds.map((id) => locked.get(id)!);
      const archived = sets.filter((set) => set.archivedAt !== null).map((set) => set.key);
      if (archived.length > 0) {
        throw new ConflictError(`Archived rule sets cannot govern a class: ${archived.join(', ')}`, {
          archived,
        });
      }
      await this.writeLinks(em, assetClass.id, ruleSetIds);
      await this.ledger.append(em, {
        kind: 'asset_class.rule_sets_changed',
        assetId: null,
        actor,
        data: { classKey, ruleSetIds, ruleSetKeys: sets.map((set) => set.key) },
      });
    });
  }

  /** Runs draft rules, with the media checks and the blocklist, on a sample; stores nothing. */
  async testDraft(sample: DraftRuleSetSample): Promise<DraftRuleSetTestResult> {
    const rules = checkedRules(sample.rules);
    const result = await this.evaluateSample(sample.bytes, sample.mediaType, rules);
    return {
      ...result,
      ruleSet: { draft: true, rulesSha256: canonicalSha256(rules), ruleCount: rules.length },
    };
  }

  /** Runs a version of the rule set, with the media checks and the blocklist, on a sample; stores nothing. */
  async test(id: string, sample: RuleSetSample): Promise<RuleSetTestResult> {
    const em = this.dataSource.manager;
    const set = await this.find(em, id);
    const row =
      sample.version === undefined
        ? await this.latest(em, set.id)
        : await em.findOneBy(RuleSetVersionEntity, { ruleSetId: set.id, version: sample.version });
    if (!row) throw new NotFoundError(`Rule set ${set.key} has no version ${sample.version}`);
    const result = await this.evaluateSample(sample.bytes, sample.mediaType, row.rules);
    return {
      ...result,
      ruleSet: { id: set.id, key: set.key, version: row.version, rulesSha256: row.rulesSha256 },
    };
  }

  private async evaluateSample(
    bytes: Buffer,
    mediaType: string,
    rules: Rule[],
  ): Promise<Omit<RuleSetTestResult, 'ruleSet'>> {
    const sha256 = sha256Hex(bytes);
    const started = performance.now();
    const evaluation = await this.evaluator.evaluate(this.dataSource.manager, {
      bytes,
      mediaType,
      sha256,
      ruleSet: { rules },
    });
    return {
      passes: passes(evaluation.findings),
      findings: evaluation.findings,
      sha256,
      sizeBytes: bytes.length,
      sniffedMediaType: evaluation.sniffedMediaType,
      durationMs: Math.round(performance.now() - started),
    };
  }

  /** The rule-set versions validation applies to a class now, in the class's order; empty when none. */
  async forClass(em: EntityManager, classId: string): Promise<ClassRuleSet[]> {
    const rows = await em.query<
      { id: string; rule_set_id: string; key: string; version: number; rules: Rule[]; rules_sha256: string }[]
    >(
      `SELECT v.id, v.rule_set_id, s.key, v.version, v.rules, v.rules_sha256
         FROM asset_class_rule_sets l
         JOIN rule_sets s ON s.id = l.rule_set_id
         JOIN LATERAL (
           SELECT * FROM rule_set_versions WHERE rule_set_id = s.id ORDER BY version DESC LIMIT 1
         ) v ON true
        WHERE l.class_id = $1
        ORDER BY l.position`,
      [classId],
    );
    return rows.map((row) => ({
      versionId: row.id,
      ruleSetId: row.rule_set_id,
      key: row.key,
      version: row.version,
      rules: row.rules,
      rulesSha256: row.rules_sha256,
    }));
  }

  private async linkedIds(em: EntityManager, classId: string): Promise<string[]> {
    const rows = await em.query<{ rule_set_id: string }[]>(
      `SELECT rule_set_id FROM asset_class_rule_sets WHERE class_id = $1 ORDER BY position`,
      [classId],
    );
    return rows.map((r) => r.rule_set_id);
  }

  /** Rewrites the list whole, so positions stay 0..n-1 without juggling the unique constraint. */
  private async writeLinks(em: EntityManager, classId: string, ruleSetIds: string[]): Promise<void> {
    await em.query(`DELETE FROM asset_class_rule_sets WHERE class_id = $1`, [classId]);
    if (ruleSetIds.length === 0) return;
    await em.query(
      `INSERT INTO asset_class_rule_sets (class_id, rule_set_id, position)
       SELECT $1, id, ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)`,
      [classId, ruleSetIds],
    );
  }

  private async insertVersion(
    em: EntityManager,
    actor: LedgerActor,
    set: RuleSetEntity,
    version: number,
    fields: { name: string; description?: string; rules: Rule[] },
  ): Promise<RuleSetVersionEntity> {
    return em.save(
      em.create(RuleSetVersionEntity, {
        ruleSetId: set.id,
        version,
        name: fields.name,
        description: fields.description ?? '',
        rules: fields.rules,
        rulesSha256: canonicalSha256(fields.rules),
        createdBy: userOf(actor),
      }),
    );
  }

  private async find(em: EntityManager, id: string, lock = false): Promise<RuleSetEntity> {
    const set = await em.findOne(RuleSetEntity, {
      where: { id },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!set) throw new NotFoundError(`Rule set ${id} not found`);
    return set;
  }

  private async latest(em: EntityManager, ruleSetId: string): Promise<RuleSetVersionEntity> {
    return em.findOneOrFail(RuleSetVersionEntity, { where: { ruleSetId }, order: { version: 'DESC' } });
  }

  private async lockClass(em: EntityManager, classKey: string): Promise<AssetClassEntity> {
    const assetClass = await em.findOne(AssetClassEntity, {
      where: { key: classKey },
      lock: { mode: 'pessimistic_write' },
    });
    if (!assetClass) throw new NotFoundError(`Asset class "${classKey}" not found`);
    return assetClass;
  }

  private async classKeys(em: EntityManager, ruleSetId: string): Promise<string[]> {
    const rows = await em.query<{ key: string }[]>(
      `SELECT c.key FROM asset_classes c JOIN asset_class_rule_sets l ON l.class_id = c.id
        WHERE l.rule_set_id = $1 ORDER BY c.key`,
      [ruleSetId],
    );
    return rows.map((r) => r.key);
  }

  private async view(em: EntityManager, set: RuleSetEntity): Promise<RuleSetView> {
    // One after another: inside a transaction they share one connection.
    const latest = await this.latest(em, set.id);
    const versions = await em.countBy(RuleSetVersionEntity, { ruleSetId: set.id });
    const classes = await this.classKeys(em, set.id);
    return {
      id: set.id,
      ...versionView(set, latest),
      versions,
      archivedAt: set.archivedAt?.toISOString() ?? null,
      classes,
    };
  }
}

/** Checks admin input with the rule engine's own validator; every problem names where it is. */
function checkedRules(rules: unknown): Rule[] {
  const checked = validateRuleSet({ rules });
  if (checked.ok) return [...checked.ruleSet.rules];
  const byField = new Map<string, string[]>();
  for (const problem of checked.problems) {
    const at = problem.indexOf(': ');
    const field = at < 0 ? 'rules' : problem.slice(0, at);
    byField.set(field, [...(byField.get(field) ?? []), at < 0 ? problem : problem.slice(at + 2)]);
  }
  const count = checked.problems.length;
  throw new InvalidInputError(
    `The rule set has ${count} problem${count === 1 ? '' : 's'}: ${checked.problems.slice(0, 5).join('; ')}${count > 5 ? '; ...' : ''}`,
    [...byField].map(([field, problems]) => ({ field, problems })),
  );
}

function userOf(actor: LedgerActor): string | null {
  return actor.type === 'user' ? actor.id : null;
}

function versionView(set: RuleSetEntity, row: RuleSetVersionEntity): RuleSetVersionView {
  return {
    ruleSetId: set.id,
    key: set.key,
    version: row.version,
    name: row.name,
    description: row.description,
    rules: row.rules,
    rulesSha256: row.rulesSha256,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

function ledgerData(set: RuleSetEntity, row: RuleSetVersionEntity): Record<string, unknown> {
  return {
    ruleSetId: set.id,
    key: set.key,
    ruleSetVersion: row.version,
    name: row.name,
    rulesSha256: row.rulesSha256,
    ruleCount: row.rules.length,
  };
}
