import { type ClosedState, decide, type Decision, type DecisionState } from './decide';
import { assertNoProblems } from './input';
import { type ConsensusPolicy, requiresReview, validatePolicy } from './policy';
import type { Roster } from './roster';
import type { Vote } from './vote';

/** A closed decision as recorded: its frozen roster, every vote, and how it ended. */
export interface PastDecision {
  id: string;
  roster: Roster;
  votes: readonly Vote[];
  openedAt: Date;
  closedAt: Date;
  outcome: ClosedState;
}

export interface DryRunChange {
  id: string;
  before: ClosedState;
  /** `open` means the draft would not have closed the decision by the time it actually closed. */
  after: DecisionState;
  summary: string;
  /** The draft's decision as of the recorded `closedAt`; absent for an `auto` draft, which has none. */
  decision?: Decision;
}

/**
 * The past decisions whose outcome the draft policy would have changed, in input order. Each is
 * replayed with its own frozen roster and votes, as of the moment it actually closed: what happened
 * after that is unknown, so a draft that would have kept it open reports `open` rather than guessing.
 * Throws QuorumInputError for an invalid draft (validate it first to answer a client with a 400).
 */
export function dryRun(draft: ConsensusPolicy, past: readonly PastDecision[]): DryRunChange[] {
  assertNoProblems(validatePolicy(draft));
  const changes: DryRunChange[] = [];
  for (const { id, roster, votes, openedAt, closedAt, outcome } of past) {
    if (!requiresReview(draft)) {
      if (outcome !== 'approved') {
        changes.push({
          id,
          before: outcome,
          after: 'approved',
          summary: 'The draft is "auto": no vote is held.',
        });
      }
      continue;
    }
    const decision = decide({ policy: draft, roster, votes, openedAt, now: closedAt });
    if (decision.state !== outcome) {
      changes.push({
        id,
        before: outcome,
        after: decision.state,
        summary: decision.explanation.summary,
        decision,
      });
    }
  }
  return changes;
}
