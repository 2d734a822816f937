import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { assertTransition, BPS, canVote, decide, freezeRoster, VersionStatus } from '@app/domain';
import type { Decision, DecisionInput, RosterEntry, Vote, VoteChoice } from '@app/domain';
import { FollowUp, JobName, QueueProducer } from '@app/queues';
import {
  AssetEntity,
  AssetVersionEntity,
  BotEntity,
  ConsensusPolicyEntity,
  DecisionEntity,
  VoteEntity,
} from '../entities';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors';
import { sha256Hex } from '../hashing';
import { LedgerService } from '../ledger/ledger.service';
import { MetricsService } from '../metrics/metrics.service';
import { WebhookService } from '../webhooks/webhook.service';
import { toDomainPolicy } from './policy.service';

export interface VoteView {
  voterId: string;
  choice: VoteChoice;
  reason: string;
  castAt: string;
  carriedFrom: string | null;
}

export interface DecisionView {
  id: string;
  assetId: string;
  version: number;
  state: DecisionEntity['state'];
  closedBy: DecisionEntity['closedBy'];
  openedAt: string;
  deadline: string;
  closedAt: string | null;
  policy: { id: string; version: number } & ReturnType<typeof toDomainPolicy>;
  roster: RosterEntry[];
  votes: VoteView[];
  tally: Decision['tally'];
  checks: Decision['checks'];
  /** How far the cast weight is towards quorum: quorum is met once `cast` reaches `needed`. */
  quorum: { cast: number; needed: number; total: number };
  explanation: Decision['explanation'];
  /** Display name (else e-mail) of everyone on the roster or with a vote, so people are shown, not ids. */
  voterNames: Record<string, string>;
}

export interface InboxItem {
  decisionId: string;
  assetId: string;
  title: string;
  classKey: string;
  version: number;
  deadline: string;
  myWeight: number;
  myVote: VoteChoice | null;
  tally: Decision['tally'];
}

/**
 * Weighted-quorum reviews. The rule itself is `decide` in libs/domain; this service freezes its
 * inputs, serialises votes per decision with a row lock, and applies the outcome exactly once.
 */
@Injectable()
export class DecisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly webhooks: WebhookService,
    private readonly queues: QueueProducer,
    private readonly metrics: MetricsService,
  ) {}

  /** Opens the review of a version that passed validation, inside the validation's transaction. */
  async open(
    em: EntityManager,
    version: AssetVersionEntity,
    policy: ConsensusPolicyEntity,
  ): Promise<FollowUp[]> {
    const now = await databaseNow(em);
    const asset = await em.findOneByOrFail(AssetEntity, { id: version.assetId });
    const bot = await em.findOneByOrFail(BotEntity, { id: asset.botId });
    const roster = freezeRoster(await this.stakeholders(em, asset.classId), [bot.ownerUserId]);
    const deadline = new Date(now.getTime() + policy.votingPeriodSeconds * 1000);
    const decision = await em.save(
      em.create(DecisionEntity, {
        versionId: version.id,
        assetId: asset.id,
        policyId: policy.id,
        roster: [...roster],
        state: 'open',
        openedAt: now,
        deadline,
      }),
    );
    const data = {
      decisionId: decision.id,
      assetId: asset.id,
      version: version.version,
      policyVersion: policy.version,
    };
    await this.ledger.append(em, {
      kind: 'decision.opened',
      assetId: asset.id,
      versionNumber: version.version,
      contentSha256: version.contentSha256,
      actor: SYSTEM,
      data: { ...data, roster, deadline: deadline.toISOString(), excludedOwner: bot.ownerUserId },
    });
    const followUps = await this.webhooks.emit(em, 'decision.opened', {
      ...data,
      deadline: deadline.toISOString(),
    });
    await this.carryOverVotes(em, version, decision, now);
    followUps.push(...(await this.evaluate(em, decision, await this.context(em, decision), now)));
    followUps.push({ job: JobName.CloseDecision, id: decision.id, notBefore: deadline });
    return followUps;
  }

  async vote(voterId: string, decisionId: string, choice: VoteChoice, reason: string): Promise<DecisionView> {
    if (choice === 'reject' && reason.trim() === '') throw new InvalidInputError('A reject needs a reason');
    const outcome = await this.dataSource.transaction(async (em) => {
      // The row lock serialises every vote on this decision: one closing transition, no lost vote.
      const decision = await lockDecision(em, decisionId);
      if (!decision) throw new NotFoundError(`Decision ${decisionId} not found`);
      if (decision.state !== 'open') throw new ConflictError(`The decision is closed (${decision.state})`);
      const now = await databaseNow(em);
      const context = await this.context(em, decision);
      const allowed = canVote(inputOf(decision, context, now), voterId);
      if (!allowed.allowed) {
        if (allowed.reason === 'not-on-roster')
          throw new ForbiddenError('You are not a voter on this decision');
        // The deadline has passed but its job has not run yet: close it now, and refuse the vote.
        return { followUps: await this.evaluate(em, decision, context, now), refused: true };
      }
      const weight = decision.roster.find((r) => r.voterId === voterId)!.weight;
      const entry = await this.ledger.append(em, {
        kind: 'vote.cast',
        assetId: decision.assetId,
        ...subjectOf(context.version),
        actor: { type: 'user', id: voterId },
        // The reason stays in the votes table; the log commits to it without holding it in clear.
        data: { decisionId, choice, reasonSha256: sha256Hex(reason.trim()), weight },
      });
      const vote = em.create(VoteEntity, {
        decisionId,
        voterId,
        choice,
        reason: reason.trim(),
        castAt: now,
        ledgerEvent: entry.id,
      });
      await em.insert(VoteEntity, vote);
      // The votes were read under this lock, so adding the new one in memory is exact: no read-back.
      context.votes.push(vote);
      // Webhooks reach bots, which learn how the vote stands but not who cast it.
      const followUps = await this.webhooks.emit(em, 'vote.cast', {
        decisionId,
        assetId: decision.assetId,
        choice,
        weight,
      });
      followUps.push(...(await this.evaluate(em, decision, context, now)));
      return { followUps, refused: false };
    });
    await this.queues.enqueueAfterCommit(outcome.followUps);
    if (outcome.refused) throw new ConflictError('The voting period has ended');
    // Read after commit, outside the lock: it may already include votes cast just after this one.
    return this.view(decisionId);
  }

  /** The deadline job: closes the decision if its time has come; safe to run any number of times. */
  async closeIfDue(decisionId: string): Promise<void> {
    const followUps = await this.dataSource.transaction(async (em) => {
      const decision = await lockDecision(em, decisionId);
      if (!decision || decision.state !== 'open') return [];
      const now = await databaseNow(em);
      // A job that ran before the deadline (clocks disagree) leaves it open; the reconciler comes back for it.
      return this.evaluate(em, decision, await this.context(em, decision), now);
    });
    await this.queues.enqueueAfterCommit(followUps);
  }

  /**
   * Closes the open decision of a version that a newer version replaced, or that its bot withdrew;
   * the caller holds the version's lock.
   */
  async closeWithVersion(
    em: EntityManager,
    versionId: string,
    why: 'superseded' | 'withdrawn',
  ): Promise<void> {
    const decision = await em.findOne(DecisionEntity, {
      where: { versionId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!decision || decision.state !== 'open') return;
    const now = await databaseNow(em);
    await em.update(DecisionEntity, { id: decision.id }, { state: why, closedBy: why, closedAt: now });
    await this.ledger.append(em, {
      kind: `decision.${why}`,
      assetId: decision.assetId,
      ...subjectOf(await em.findOneByOrFail(AssetVersionEntity, { id: decision.versionId })),
      actor: SYSTEM,
      data: { decisionId: decision.id },
    });
  }

  async viewForVersion(assetId: string, version: number): Promise<DecisionView> {
    const row = await this.dataSource.query<{ id: string }[]>(
      `SELECT d.id FROM decisions d JOIN asset_versions v ON v.id = d.version_id WHERE v.asset_id = $1 AND v.version = $2`,
      [assetId, version],
    );
    if (row.length === 0) throw new NotFoundError(`Version ${version} of asset ${assetId} has no decision`);
    return this.view(row[0].id);
  }

  async view(decisionId: string): Promise<DecisionView> {
    const em = this.dataSource.manager;
    const decision = await em.findOneBy(DecisionEntity, { id: decisionId });
    if (!decision) throw new NotFoundError(`Decision ${decisionId} not found`);
    const now = decision.closedAt ?? (await databaseNow(em));
    const context = await this.context(em, decision);
    const { policy, version, votes } = context;
    const result = decide(inputOf(decision, context, now));
    const W = result.tally.W;
    return {
      id: decision.id,
      assetId: decision.assetId,
      version: version.version,
      state: decision.state,
      closedBy: decision.closedBy,
      openedAt: decision.openedAt.toISOString(),
      deadline: decision.deadline.toISOString(),
      closedAt: decision.closedAt?.toISOString() ?? null,
      policy: { id: policy.id, version: policy.version, ...toDomainPolicy(policy) },
      roster: decision.roster,
      votes: votes.map((v) => ({
        voterId: v.voterId,
        choice: v.choice,
        reason: v.reason,
        castAt: v.castAt.toISOString(),
        carriedFrom: v.carriedFrom,
      })),
      tally: result.tally,
      checks: result.checks,
      quorum: { cast: W - result.tally.U, needed: Math.ceil((policy.quorumBps * W) / BPS), total: W },
      explanation: result.explanation,
      voterNames: await voterNames(em, [
        ...decision.roster.map((r) => r.voterId),
        ...votes.map((v) => v.voterId),
      ]),
    };
  }

  /** Open decisions the person may vote on, most urgent first. */
  async inbox(userId: string): Promise<InboxItem[]> {
    const rows = await this.dataSource.query<
      { id: string; title: string; class_key: string; version: number }[]
    >(
      `SELECT d.id, a.title, c.key AS class_key, v.version
         FROM decisions d
         JOIN asset_versions v ON v.id = d.version_id
         JOIN assets a ON a.id = d.asset_id
         JOIN asset_classes c ON c.id = a.class_id
        WHERE d.state = 'open' AND d.roster @> jsonb_build_array(jsonb_build_object('voterId', $1::text))
        ORDER BY d.deadline, d.opened_at
        LIMIT 200`,
      [userId],
    );
    if (rows.length === 0) return [];
    // A fixed number of reads for the whole inbox, however long it is.
    const ids = rows.map((row) => row.id);
    const em = this.dataSource.manager;
    const decisions = new Map((await em.findBy(DecisionEntity, { id: In(ids) })).map((d) => [d.id, d]));
    const policyIds = [...new Set([...decisions.values()].map((d) => d.policyId))];
    const policies = new Map(
      (await em.findBy(ConsensusPolicyEntity, { id: In(policyIds) })).map((p) => [p.id, p]),
    );
    const votes = new Map<string, VoteEntity[]>();
    for (const vote of await em.find(VoteEntity, { where: { decisionId: In(ids) }, order: { id: 'ASC' } })) {
      votes.set(vote.decisionId, [...(votes.get(vote.decisionId) ?? []), vote]);
    }
    const now = await databaseNow(em);
    return rows.flatMap((row) => {
      const decision = decisions.get(row.id);
      const policy = decision && policies.get(decision.policyId);
      if (!decision || !policy) return [];
      const own = votes.get(decision.id) ?? [];
      const { tally } = decide(inputOf(decision, { policy, votes: own }, decision.closedAt ?? now));
      return [
        {
          decisionId: decision.id,
          assetId: decision.assetId,
          title: row.title,
          classKey: row.class_key,
          version: row.version,
          deadline: decision.deadline.toISOString(),
          myWeight: decision.roster.find((r) => r.voterId === userId)?.weight ?? 0,
          myVote: own.filter((v) => v.voterId === userId).at(-1)?.choice ?? null,
          tally,
        },
      ];
    });
  }

  /** Applies `decide` as of `now`; when it says closed, records the outcome and moves the version on. */
  private async evaluate(
    em: EntityManager,
    decision: DecisionEntity,
    context: DecisionContext,
    now: Date,
  ): Promise<FollowUp[]> {
    const result = decide(inputOf(decision, context, now));
    if (result.state === 'open') return [];
    const closedAt = result.closedAt ?? now;
    const stored = { tally: result.tally, checks: result.checks, explanation: result.explanation };
    await em.update(
      DecisionEntity,
      { id: decision.id },
      { state: result.state, closedBy: result.closedBy ?? 'deadline', closedAt, result: stored },
    );
    decision.state = result.state;
    this.metrics.decisionTimeToClose.observe(
      { outcome: result.state },
      (closedAt.getTime() - decision.openedAt.getTime()) / 1000,
    );
    const { version } = context;
    const next = result.state as VersionStatus;
    assertTransition(version.status, next);
    await em.update(AssetVersionEntity, { id: version.id }, { status: next });
    const data = {
      decisionId: decision.id,
      assetId: decision.assetId,
      version: version.version,
      outcome: result.state,
      closedBy: result.closedBy,
      tally: result.tally,
    };
    // Naming every vote's entry lets a verifier notice a bundle that leaves a vote out.
    const voteEntries = context.votes.map((v) =>
      v.ledgerEvent === null ? { index: v.ledgerIndex! } : { event: v.ledgerEvent },
    );
    await this.ledger.append(em, {
      kind: 'decision.closed',
      assetId: decision.assetId,
      versionNumber: version.version,
      contentSha256: version.contentSha256,
      actor: SYSTEM,
      data: { ...data, checks: result.checks, explanation: result.explanation },
      refs: { voteEntries },
    });
    const followUps = await this.webhooks.emit(em, 'decision.closed', data);
    if (result.state === 'approved') followUps.push({ job: JobName.ReleaseVersion, id: version.id });
    return followUps;
  }

  /**
   * What deciding needs besides the decision row, read once per transaction (under the row lock when
   * voting). One query after another: inside a transaction they share one connection.
   */
  private async context(em: EntityManager, decision: DecisionEntity): Promise<DecisionContext> {
    const policy = await em.findOneByOrFail(ConsensusPolicyEntity, { id: decision.policyId });
    const version = await em.findOneByOrFail(AssetVersionEntity, { id: decision.versionId });
    const votes = await em.find(VoteEntity, { where: { decisionId: decision.id }, order: { id: 'ASC' } });
    return { policy, version, votes };
  }

  /** People eligible for a class: a positive weight, enabled, and in one of its voter groups (if it names any). */
  private async stakeholders(em: EntityManager, classId: string): Promise<RosterEntry[]> {
    const rows = await em.query<{ user_id: string; weight: number; groups: string[] }[]>(
      `SELECT w.user_id, w.weight,
              COALESCE(array_agg(g.key ORDER BY g.key) FILTER (WHERE g.key IS NOT NULL), '{}') AS groups
         FROM stakeholder_weights w
         JOIN users u ON u.id = w.user_id AND u.disabled_at IS NULL
         LEFT JOIN group_members m ON m.user_id = w.user_id
         LEFT JOIN stakeholder_groups g ON g.id = m.group_id
        WHERE w.class_id = $1 AND w.weight > 0
          AND (NOT EXISTS (SELECT 1 FROM asset_class_voter_groups v WHERE v.class_id = $1)
               OR EXISTS (SELECT 1 FROM asset_class_voter_groups v JOIN group_members gm ON gm.group_id = v.group_id
                           WHERE v.class_id = $1 AND gm.user_id = w.user_id))
        GROUP BY w.user_id, w.weight`,
      [classId],
    );
    return rows.map((r) => ({ voterId: r.user_id, weight: r.weight, groups: r.groups }));
  }

  /** A metadata-only new version (same content hash) keeps the votes cast on the version it replaced. */
  private async carryOverVotes(
    em: EntityManager,
    version: AssetVersionEntity,
    decision: DecisionEntity,
    now: Date,
  ): Promise<void> {
    if (version.version <= 1) return;
    const previous = await em.findOneBy(AssetVersionEntity, {
      assetId: version.assetId,
      version: version.version - 1,
    });
    if (!previous || previous.contentSha256 !== version.contentSha256) return;
    const old = await em.findOneBy(DecisionEntity, { versionId: previous.id, state: 'superseded' });
    if (!old) return;
    const votes = await em.find(VoteEntity, { where: { decisionId: old.id }, order: { id: 'ASC' } });
    const latest = new Map(votes.map((v) => [v.voterId, v]));
    const onRoster = new Set(decision.roster.map((r) => r.voterId));
    const carried = [...latest.values()].filter((v) => onRoster.has(v.voterId));
    if (carried.length === 0) return;
    const entry = await this.ledger.append(em, {
      kind: 'decision.votes_carried',
      assetId: decision.assetId,
      versionNumber: version.version,
      contentSha256: version.contentSha256,
      actor: SYSTEM,
      data: {
        decisionId: decision.id,
        from: old.id,
        votes: carried.map((v) => ({ voterId: v.voterId, choice: v.choice })),
      },
    });
    await em.insert(
      VoteEntity,
      carried.map((v) => ({
        decisionId: decision.id,
        voterId: v.voterId,
        choice: v.choice,
        reason: v.reason,
        carriedFrom: old.id,
        castAt: now,
        ledgerEvent: entry.id,
      })),
    );
  }
}

const SYSTEM = { type: 'system', id: 'decisions' } as const;

interface DecisionContext {
  policy: ConsensusPolicyEntity;
  version: AssetVersionEntity;
  votes: VoteEntity[];
}

function inputOf(
  decision: DecisionEntity,
  { policy, votes }: Pick<DecisionContext, 'policy' | 'votes'>,
  now: Date,
): DecisionInput {
  return {
    policy: toDomainPolicy(policy),
    roster: decision.roster,
    votes: votes.map((v): Vote => ({ voterId: v.voterId, choice: v.choice, at: v.castAt })),
    openedAt: decision.openedAt,
    now,
  };
}

/**
 * Locks a decision for a change that may move its version on. Every transition takes the version's
 * row lock before anything else it locks (a new version takes the version, then the asset, then the
 * decision), so the version is locked first here too: the reverse order deadlocks with a submission.
 * A decision's version never changes, so reading it before the locks is safe.
 */
async function lockDecision(em: EntityManager, decisionId: string): Promise<DecisionEntity | null> {
  const seen = await em.findOneBy(DecisionEntity, { id: decisionId });
  if (!seen) return null;
  await em.findOne(AssetVersionEntity, {
    where: { id: seen.versionId },
    lock: { mode: 'pessimistic_write' },
  });
  return em.findOne(DecisionEntity, { where: { id: decisionId }, lock: { mode: 'pessimistic_write' } });
}

/** The version a decision is about, which every ledger entry of the decision names as its subject. */
function subjectOf(version: AssetVersionEntity): { versionNumber: number; contentSha256: string } {
  return { versionNumber: version.version, contentSha256: version.contentSha256 };
}

async function voterNames(em: EntityManager, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await em.query<{ id: string; name: string }[]>(
    `SELECT id, COALESCE(NULLIF(display_name, ''), email) AS name FROM users WHERE id = ANY($1::uuid[])`,
    [[...new Set(ids)]],
  );
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/**
 * Vote times come from the database clock, read after the row lock, so they increase in the order
 * the votes were serialised, whichever API instance took them.
 */
async function databaseNow(em: EntityManager): Promise<Date> {
  const [{ now }] = await em.query<{ now: Date }[]>('SELECT clock_timestamp() AS now');
  return now;
}
