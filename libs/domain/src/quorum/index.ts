export { BPS, requiresReview, validatePolicy } from './policy';
export type { ConsensusPolicy } from './policy';
export { freezeRoster, validateRoster } from './roster';
export type { Roster, RosterEntry, Stakeholder } from './roster';
export { VOTE_CHOICES } from './vote';
export type { Vote, VoteChoice } from './vote';
export { canVote, decide } from './decide';
export type {
  ClosedBy,
  ClosedState,
  Decision,
  DecisionInput,
  DecisionState,
  Tally,
  VoteCheck,
  VoteRefusal,
} from './decide';
export type { Checks, FormulaLine } from './formulas';
export { formatExplanation } from './explain';
export type { Explanation, IgnoredReason } from './explain';
export { dryRun } from './dry-run';
export type { DryRunChange, PastDecision } from './dry-run';
export { QuorumInputError } from './input';
