import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, EntityManager } from 'typeorm';
import {
  assertTransition,
  checkDeclaredHash,
  passes,
  statusAfterValidation,
  VersionStatus,
} from '@app/domain';
import type { Finding } from '@app/domain';
import { FollowUp, JobName, QueueProducer } from '@app/queues';
import { DecisionService } from '../decisions/decision.service';
import { PolicyService } from '../decisions/policy.service';
import { WebhookService } from '../webhooks/webhook.service';
import { AssetEntity, AssetVersionEntity, ContentBlobEntity } from '../entities';
import { sha256Hex } from '../hashing';
import { LedgerService } from '../ledger/ledger.service';
import { ContentEvaluator } from '../rules/content-evaluator.service';
import { priorRejectionFindings } from '../rules/prior-rejection';
import { ValidationResultEntity } from '../rules/rule-set.entities';
import { ClassRuleSet, RuleSetService } from '../rules/rule-set.service';
import { isTransientError } from '../rules/transient-errors';

/** Who is validating: recorded in each validation result. */
export interface ValidationContext {
  /** Names the worker process, such as `host:pid`. */
  worker: string;
  /** 1 for the first delivery of the job, 2 for its first retry, ... */
  attempt: number;
}

export const VALIDATION_ERROR_RULE_ID = 'validation.error';

export function defaultValidationContext(): ValidationContext {
  return { worker: `${hostname()}:${process.pid}`, attempt: 1 };
}

type Outcome = { status: VersionStatus; followUps: FollowUp[] } | null;

/** Everything a validation found, ready to be recorded. */
interface Verdict {
  findings: Finding[];
  /** Recomputed from the stored bytes; the version's own hash when they could not be read. */
  contentSha256: string;
  /** Every rule-set version applied, in the class's order. */
  ruleSets: ClassRuleSet[];
  sniffedMediaType: string | null;
  durationMs: number;
}

@Injectable()
export class ValidationService {
  private readonly logger = new Logger(ValidationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly queues: QueueProducer,
    private readonly policies: PolicyService,
    private readonly decisions: DecisionService,
    private readonly webhooks: WebhookService,
    private readonly ruleSets: RuleSetService,
    private readonly evaluator: ContentEvaluator,
  ) {}

  /**
   * Validates one version. Jobs are delivered at least once, so this is idempotent: the outcome is
   * written under the version's row lock, and a version no longer `validating` was already handled.
   *
   * A transient failure (the database or Redis away for a moment) is thrown, for the queue to retry
   * with backoff. Any other failure is a fault retrying would only repeat: the version ends in
   * `validation_failed` with a `validation.error` finding instead of looping.
   */
  async validate(versionId: string, context = defaultValidationContext()): Promise<VersionStatus | null> {
    const started = performance.now();
    let outcome: Outcome;
    try {
      outcome = await this.check(versionId, context, started);
    } catch (error) {
      if (isTransientError(error)) throw error;
      this.logger.error({ err: error, versionId }, 'validation failed unexpectedly; failing the version');
      outcome = await this.failUnexpectedly(versionId, error, context, started);
    }

    if (outcome === null) {
      this.logger.warn({ versionId }, 'validation job for a version that does not exist');
      return null;
    }
    await this.queues.enqueueAfterCommit(outcome.followUps);
    // Also on a redelivery: the release job may have been lost after the first delivery committed.
    if (outcome.status === VersionStatus.Approved)
      await this.queues.enqueue(JobName.ReleaseVersion, versionId);
    return outcome.status;
  }

  /**
   * Reads and judges without holding a lock or a connection: the rules may run for up to their time
   * bound in a thread. Only the write at the end takes the version's row lock.
   */
  private async check(versionId: string, context: ValidationContext, started: number): Promise<Outcome> {
    const em = this.dataSource.manager;
    const version = await em.findOneBy(AssetVersionEntity, { id: versionId });
    if (!version) return null;
    if (version.status !== VersionStatus.Validating) return { status: version.status, followUps: [] };

    const asset = await em.findOneByOrFail(AssetEntity, { id: version.assetId });
    const blob = await em.findOneByOrFail(ContentBlobEntity, { sha256: version.contentSha256 });
    const actual = sha256Hex(blob.bytes);
    const ruleSets = await this.ruleSets.forClass(em, asset.classId);
    const priorRejection = await priorRejectionFindings(em, {
      classId: asset.classId,
      contentSha256: actual,
      versionId: version.id,
    });
    const evaluation = await this.evaluator.evaluate(em, {
      bytes: blob.bytes,
      mediaType: version.mediaType,
      sha256: actual,
      // One run over every set's rules in order, so a span two sets both flag is reported once.
      ruleSet: ruleSets.length > 0 ? { rules: ruleSets.flatMap((set) => set.rules) } : null,
    });
    const verdict: Verdict = {
      findings: [
        ...checkDeclaredHash(version.declaredSha256, actual),
        ...priorRejection,
        ...evaluation.findings,
      ],
      contentSha256: actual,
      ruleSets,
      sniffedMediaType: evaluation.sniffedMediaType,
      durationMs: Math.round(performance.now() - started),
    };
    return this.dataSource.transaction((tx) => this.record(tx, versionId, asset.classId, verdict, context));
  }

  private async failUnexpectedly(
    versionId: string,
    error: unknown,
    context: ValidationContext,
    started: number,
  ): Promise<Outcome> {
    const name = error instanceof Error ? error.name : typeof error;
    return this.dataSource.transaction(async (tx) => {
      const version = await tx.findOneBy(AssetVersionEntity, { id: versionId });
      if (!version) return null;
      const asset = await tx.findOneByOrFail(AssetEntity, { id: version.assetId });
      return this.record(
        tx,
        versionId,
        asset.classId,
        {
          findings: [
            {
              ruleId: VALIDATION_ERROR_RULE_ID,
              severity: 'error',
              message: `Validation could not complete (${name}), so the version was failed rather than retried; the worker log has the details under version ${versionId}`,
            },
          ],
          contentSha256: version.contentSha256,
          ruleSets: [],
          sniffedMediaType: null,
          durationMs: Math.round(performance.now() - started),
        },
        context,
      );
    });
  }

  /** Moves the version on and records the result, its ledger entry and what follows, in one transaction. */
  private async record(
    em: EntityManager,
    versionId: string,
    classId: string,
    verdict: Verdict,
    context: ValidationContext,
  ): Promise<Outcome> {
    const version = await em.findOne(AssetVersionEntity, {
      where: { id: versionId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!version) return null;
    // A duplicate delivery got here first.
    if (version.status !== VersionStatus.Validating) return { status: version.status, followUps: [] };

    const { findings } = verdict;
    const passed = passes(findings);
    const policy = passed ? await this.policies.current(em, classId) : null;
    const next = statusAfterValidation(passed, policy?.mode ?? 'auto');
    assertTransition(version.status, next);

    await em.update(AssetVersionEntity, { id: version.id }, { status: next, findings });
    const resultId = randomUUID();
    await em.insert(ValidationResultEntity, {
      id: resultId,
      versionId: version.id,
      assetId: version.assetId,
      versionNumber: version.version,
      classId,
      status: next as ValidationResultEntity['status'],
      passed,
      findings,
      // The first set, as before lists: the full list is in validation_result_rule_sets.
      ruleSetVersionId: verdict.ruleSets[0]?.versionId ?? null,
      contentSha256: verdict.contentSha256,
      declaredSha256: version.declaredSha256,
      mediaType: version.mediaType,
      sniffedMediaType: verdict.sniffedMediaType,
      worker: context.worker,
      attempt: context.attempt,
      durationMs: verdict.durationMs,
    });
    if (verdict.ruleSets.length > 0) {
      await em.query(
        `INSERT INTO validation_result_rule_sets (result_id, position, rule_set_version_id)
         SELECT $1, ord - 1, id FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)`,
        [resultId, verdict.ruleSets.map((set) => set.versionId)],
      );
    }
    const applied = verdict.ruleSets.map((set) => ({
      id: set.ruleSetId,
      key: set.key,
      version: set.version,
      rulesSha256: set.rulesSha256,
    }));
    const kind = next === VersionStatus.ValidationFailed ? 'version.validation_failed' : 'version.validated';
    // The webhook outbox first: the ledger append takes the log-wide lock, held until commit, so as
    // little as possible should come after it.
    const followUps = await this.webhooks.emit(em, kind, {
      assetId: version.assetId,
      version: version.version,
      status: next,
      findings,
    });
    await this.ledger.append(em, {
      kind,
      assetId: version.assetId,
      versionNumber: version.version,
      contentSha256: version.contentSha256,
      actor: { type: 'system', id: 'validation-worker' },
      data: {
        version: version.version,
        contentSha256: verdict.contentSha256,
        findings,
        status: next,
        resultId,
        ruleSet: applied[0] ?? null,
        ruleSets: applied,
        sniffedMediaType: verdict.sniffedMediaType,
        worker: context.worker,
        durationMs: verdict.durationMs,
      },
    });
    if (next === VersionStatus.InReview && policy)
      followUps.push(...(await this.decisions.open(em, version, policy)));
    return { status: next, followUps };
  }
}
