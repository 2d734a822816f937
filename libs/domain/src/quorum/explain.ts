import type { ClosedBy, ClosedState } from './decide';
import { checksOf, type FormulaLine, formulaLines } from './formulas';
import type { ConsensusPolicy } from './policy';
import type { Roster } from './roster';
import type { BallotBox } from './tally';
import type { Vote, VoteChoice } from './vote';

export type IgnoredReason = 'after-deadline' | 'after-now' | 'after-close';

/**
 * Why a decision is in its state, as plain JSON-safe data (dates as ISO strings), so that it can be
 * stored with the decision, signed into the provenance bundle and shown to people as it is.
 */
export interface Explanation {
  summary: string;
  policy: ConsensusPolicy;
  openedAt: string;
  deadline: string;
  evaluatedAt: string;
  closedAt: string | null;
  /** Every voter on the roster with the vote that counts; null when they have not voted. */
  voters: { voterId: string; weight: number; groups: string[]; choice: VoteChoice | null }[];
  ignoredVotes: { voterId: string; choice: VoteChoice; at: string; reason: IgnoredReason }[];
  formulas: FormulaLine[];
  /** The hypotheticals early decision weighs; null when early decision played no part. */
  ifUncastRejected: FormulaLine[] | null;
  ifUncastApproved: FormulaLine[] | null;
}

export interface ExplainInput {
  policy: ConsensusPolicy;
  roster: Roster;
  openedAt: Date;
  now: Date;
  deadline: Date;
  closure: { state: ClosedState; closedBy: ClosedBy; at: Date } | undefined;
  box: BallotBox;
  ignored: readonly { vote: Vote; reason: IgnoredReason }[];
}

export function explain(x: ExplainInput): Explanation {
  const { policy, box, closure } = x;
  const hypotheticals = policy.earlyDecision && (!closure || closure.closedBy === 'early');
  return {
    summary: summarise(x),
    policy: { ...policy, requiredGroups: [...policy.requiredGroups], vetoGroups: [...policy.vetoGroups] },
    openedAt: x.openedAt.toISOString(),
    deadline: x.deadline.toISOString(),
    evaluatedAt: x.now.toISOString(),
    closedAt: closure ? closure.at.toISOString() : null,
    voters: x.roster.map((v) => ({
      voterId: v.voterId,
      weight: v.weight,
      groups: [...v.groups],
      choice: box.choiceOf(v.voterId) ?? null,
    })),
    ignoredVotes: [...x.ignored]
      .sort((a, b) => a.vote.at.getTime() - b.vote.at.getTime())
      .map(({ vote, reason }) => ({
        voterId: vote.voterId,
        choice: vote.choice,
        at: vote.at.toISOString(),
        reason,
      })),
    formulas: formulaLines(policy, box.asCast()),
    ifUncastRejected: hypotheticals ? formulaLines(policy, box.ifUncastRejected()) : null,
    ifUncastApproved: hypotheticals ? formulaLines(policy, box.ifUncastApproved()) : null,
  };
}

function summarise({ policy, box, closure, deadline }: ExplainInput): string {
  const uncast = `${box.uncastCount} uncast voter(s) (U = ${box.U})`;
  if (!closure) {
    return policy.earlyDecision
      ? `Open until ${deadline.toISOString()}: the ${uncast} can still change the outcome.`
      : `Open until ${deadline.toISOString()}: without early decision only a veto or the deadline closes it.`;
  }
  const { state, closedBy } = closure;
  const cast = box.asCast();
  if (closedBy === 'veto') {
    return `Rejected: vetoed by ${cast.vetoers.join(', ')}, member(s) of a veto group.`;
  }
  if (closedBy === 'early') {
    if (state === 'expired') return 'Expired: the roster is empty, so nobody can vote.';
    return state === 'approved'
      ? `Approved early: the cast votes meet quorum, and it stays approvable even if all ${uncast} reject.`
      : `Rejected early: the cast votes meet quorum, and it is not approvable even if all ${uncast} approve.`;
  }
  if (state === 'approved') return 'Approved at the deadline: every condition holds.';
  if (state === 'expired') return 'Expired at the deadline: quorum was not met.';
  // A veto would have closed the decision when cast, so only these can fail here.
  const checks = checksOf(policy, cast);
  const failed = (['ratioMet', 'minApproversMet', 'requiredGroupsMet'] as const).filter((k) => !checks[k]);
  return `Rejected at the deadline: quorum was met, but these checks failed: ${failed.join(', ')}.`;
}

/** The explanation as text, one formula per line, for logs, the command line and plain-text views. */
export function formatExplanation(e: Explanation): string {
  const section = (title: string, lines: FormulaLine[] | null): string[] =>
    lines ? [title, ...lines.map((l) => `  ${l.formula}: ${l.evaluated}`)] : [];
  return [
    e.summary,
    ...section('Votes as they stand:', e.formulas),
    ...section('If every uncast voter rejected:', e.ifUncastRejected),
    ...section('If every uncast voter approved:', e.ifUncastApproved),
  ].join('\n');
}
