import { type Checks, checksOf, isApprovable } from './formulas';
import { assertNoProblems, show } from './input';
import { type ConsensusPolicy, validatePolicy } from './policy';
import { type Roster, validateRoster } from './roster';
import { BallotBox } from './tally';
import { explain, type Explanation, type IgnoredReason } from './explain';
import { VOTE_CHOICES, type Vote } from './vote';

export interface DecisionInput {
  policy: ConsensusPolicy;
  roster: Roster;
  votes: readonly Vote[];
  openedAt: Date;
  now: Date;
}

export type DecisionState = 'open' | 'approved' | 'rejected' | 'expired';
export type ClosedState = Exclude<DecisionState, 'open'>;
export type ClosedBy = 'early' | 'deadline' | 'veto';

/** Weights as exact integers (safe, because the roster's total is), at closing time or now. */
export interface Tally {
  W: number;
  A: number;
  R: number;
  B: number;
  U: number;
  approvers: number;
  approvedGroups: string[];
}

export interface Decision {
  state: DecisionState;
  closedBy?: ClosedBy;
  closedAt?: Date;
  deadline: Date;
  tally: Tally;
  checks: Checks;
  explanation: Explanation;
}

interface Closure {
  state: ClosedState;
  closedBy: ClosedBy;
  at: Date;
}

/**
 * The state of a decision as of `input.now`, replaying its votes in time order.
 *
 * - Votes count from `openedAt` up to, not including, the deadline (`openedAt + votingPeriodSeconds`),
 *   and only if cast by `now`; a voter's last vote counts (ties in time: the later in `votes`).
 * - The decision closes at the first vote after which it is settled (veto, or early decision), and
 *   votes after that are ignored, exactly as `canVote` would have refused them. A closed decision
 *   therefore reads the same at any later `now`, and a late-running deadline job changes nothing.
 * - Otherwise, once `now` reaches the deadline, the deadline rule of DESIGN.md applies.
 *
 * Throws QuorumInputError when the input breaks the contract (invalid policy or roster, an `auto`
 * policy, a vote from a voter not on the roster or before the decision opened, invalid dates).
 */
export function decide(input: DecisionInput): Decision {
  assertNoProblems(inputProblems(input));
  const { policy, roster, openedAt, now } = input;
  const deadline = new Date(openedAt.getTime() + policy.votingPeriodSeconds * 1000);

  const ignored: { vote: Vote; reason: IgnoredReason }[] = [];
  const timeline: Vote[] = [];
  for (const vote of input.votes) {
    if (vote.at.getTime() >= deadline.getTime()) ignored.push({ vote, reason: 'after-deadline' });
    else if (vote.at.getTime() > now.getTime()) ignored.push({ vote, reason: 'after-now' });
    else timeline.push(vote);
  }
  // Array.prototype.sort is stable, so equal times keep the order of `votes`.
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime());

  const box = new BallotBox(policy, roster);
  let closure = settled(policy, box, openedAt);
  for (const vote of timeline) {
    if (closure) {
      ignored.push({ vote, reason: 'after-close' });
      continue;
    }
    box.cast(vote.voterId, vote.choice);
    closure = settled(policy, box, vote.at);
  }
  if (!closure && now.getTime() >= deadline.getTime()) closure = atDeadline(policy, box, deadline);

  return {
    state: closure?.state ?? 'open',
    ...(closure && { closedBy: closure.closedBy, closedAt: closure.at }),
    deadline,
    tally: tallyOf(box),
    checks: checksOf(policy, box.asCast()),
    explanation: explain({ ...input, deadline, closure, box, ignored }),
  };
}

/**
 * Whether the outcome is already fixed by the votes cast so far, taken as they stand.
 *
 * Only uncast voters are treated as variable: a voter who has voted could still change their vote
 * while the decision is open, but DESIGN.md takes cast votes as they stand, and once this closes the
 * decision no further vote (changed or new) is accepted.
 *
 * Early closing is exact: it happens if and only if every completion (each uncast voter approves,
 * rejects, abstains or never votes) gives the same outcome at the deadline. Hence two additions to a
 * literal reading of "approvable still holds if all of U rejected" / "cannot hold if all of U
 * approved": both require the cast votes alone to meet quorum. If all of U rejected, quorum would be
 * met by construction; but the uncast voters may instead not vote at all, and then the decision
 * expires at the deadline for want of quorum, so closing it as approved (or rejected) would be wrong.
 */
function settled(policy: ConsensusPolicy, box: BallotBox, at: Date): Closure | undefined {
  const cast = checksOf(policy, box.asCast());
  if (cast.vetoed) return { state: 'rejected', closedBy: 'veto', at };
  if (!policy.earlyDecision) return undefined;
  // Nobody can vote, so the only completion is silence, which expires at the deadline.
  if (box.W === 0n) return { state: 'expired', closedBy: 'early', at };
  if (!cast.quorumMet) return undefined;
  if (isApprovable(checksOf(policy, box.ifUncastRejected()))) {
    return { state: 'approved', closedBy: 'early', at };
  }
  if (!isApprovable(checksOf(policy, box.ifUncastApproved()))) {
    return { state: 'rejected', closedBy: 'early', at };
  }
  return undefined;
}

function atDeadline(policy: ConsensusPolicy, box: BallotBox, at: Date): Closure {
  const checks = checksOf(policy, box.asCast());
  const state = isApprovable(checks) ? 'approved' : checks.quorumMet ? 'rejected' : 'expired';
  return { state, closedBy: 'deadline', at };
}

function tallyOf(box: BallotBox): Tally {
  const { W, A, R, B, approvers } = box.asCast();
  return {
    W: Number(W),
    A: Number(A),
    R: Number(R),
    B: Number(B),
    U: Number(box.U),
    approvers,
    approvedGroups: box.approvedGroups(),
  };
}

export type VoteRefusal = 'not-on-roster' | 'decision-closed';

export type VoteCheck = { allowed: true } | { allowed: false; reason: VoteRefusal; message: string };

/**
 * Whether `voterId` may vote now (`input.now`). The app must call this, inside the transaction that
 * serialises votes on the decision, before recording a vote: `decide` treats a vote from outside the
 * roster as corrupt input, and ignores votes recorded after the decision closed.
 */
export function canVote(input: DecisionInput, voterId: string): VoteCheck {
  if (!input.roster.some((v) => v.voterId === voterId)) {
    return {
      allowed: false,
      reason: 'not-on-roster',
      message: `${show(voterId)} is not a voter in this decision`,
    };
  }
  const decision = decide(input);
  if (decision.state !== 'open') {
    return {
      allowed: false,
      reason: 'decision-closed',
      message: `The decision closed (${decision.state}, by ${decision.closedBy}) at ${decision.closedAt?.toISOString()}`,
    };
  }
  return { allowed: true };
}

function inputProblems({ policy, roster, votes, openedAt, now }: DecisionInput): string[] {
  const problems = [...validatePolicy(policy), ...validateRoster(roster)];
  if (problems.length > 0) return problems;
  if (policy.mode !== 'quorum') {
    problems.push('an "auto" policy decides without a vote; decide() is not for it');
  }
  if (!isValidDate(openedAt)) problems.push(`openedAt must be a valid date, got ${show(openedAt)}`);
  else if (!isValidDate(new Date(openedAt.getTime() + policy.votingPeriodSeconds * 1000))) {
    problems.push('the deadline falls outside the range of dates');
  }
  if (!isValidDate(now)) problems.push(`now must be a valid date, got ${show(now)}`);
  else if (isValidDate(openedAt) && now.getTime() < openedAt.getTime()) {
    problems.push('now is before the decision opened');
  }
  if (problems.length > 0) return problems;

  const voters = new Set(roster.map((v) => v.voterId));
  votes.forEach(({ voterId, choice, at }, i) => {
    if (!voters.has(voterId)) problems.push(`votes[${i}] is from ${show(voterId)}, who is not on the roster`);
    if (!VOTE_CHOICES.includes(choice)) problems.push(`votes[${i}].choice ${show(choice)} is not a choice`);
    if (!isValidDate(at)) problems.push(`votes[${i}].at must be a valid date, got ${show(at)}`);
    else if (at.getTime() < openedAt.getTime()) {
      problems.push(`votes[${i}] was cast before the decision opened`);
    }
  });
  return problems;
}

function isValidDate(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}
