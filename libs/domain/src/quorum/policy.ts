import type { ReviewMode } from '../lifecycle';
import { show } from './input';

/** Basis points in a whole: 10000 bps = 100 %. */
export const BPS = 10000;

/** One version of an asset class's consensus policy, as frozen into a decision when it opens. */
export interface ConsensusPolicy {
  mode: ReviewMode;
  quorumBps: number;
  approvalBps: number;
  minApprovers: number;
  requiredGroups: readonly string[];
  vetoGroups: readonly string[];
  votingPeriodSeconds: number;
  earlyDecision: boolean;
}

/** An `auto` class releases on passing validation; only a `quorum` class opens a decision. */
export function requiresReview(policy: Pick<ConsensusPolicy, 'mode'>): boolean {
  return policy.mode === 'quorum';
}

// The deadline is computed in epoch milliseconds, which must stay exact.
const MAX_VOTING_PERIOD_SECONDS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

/**
 * Everything wrong with a policy, one sentence each; empty when it is usable. Checks run on the
 * runtime values too, because policies arrive from JSON and the database, not only from typed code.
 */
export function validatePolicy(policy: ConsensusPolicy): string[] {
  const problems: string[] = [];
  if (policy.mode !== 'auto' && policy.mode !== 'quorum') {
    problems.push(`mode must be "auto" or "quorum", got ${show(policy.mode)}`);
  }
  for (const field of ['quorumBps', 'approvalBps'] as const) {
    const value = policy[field];
    if (!Number.isInteger(value) || value < 0 || value > BPS) {
      problems.push(`${field} must be a whole number of basis points from 0 to ${BPS}, got ${show(value)}`);
    }
  }
  if (!Number.isSafeInteger(policy.minApprovers) || policy.minApprovers < 0) {
    problems.push(`minApprovers must be a whole number >= 0, got ${show(policy.minApprovers)}`);
  }
  const period = policy.votingPeriodSeconds;
  if (!Number.isInteger(period) || period <= 0 || period > MAX_VOTING_PERIOD_SECONDS) {
    problems.push(
      `votingPeriodSeconds must be a whole number from 1 to ${MAX_VOTING_PERIOD_SECONDS}, got ${show(period)}`,
    );
  }
  if (typeof policy.earlyDecision !== 'boolean') {
    problems.push(`earlyDecision must be true or false, got ${show(policy.earlyDecision)}`);
  }
  problems.push(...groupProblems('requiredGroups', policy.requiredGroups));
  problems.push(...groupProblems('vetoGroups', policy.vetoGroups));
  return problems;
}

function groupProblems(field: string, groups: readonly string[]): string[] {
  if (!Array.isArray(groups)) return [`${field} must be a list of group names, got ${show(groups)}`];
  const problems: string[] = [];
  const seen = new Set<string>();
  groups.forEach((group: unknown, i) => {
    if (typeof group !== 'string' || group.trim() === '') {
      problems.push(`${field}[${i}] must be a non-empty group name, got ${show(group)}`);
    } else if (seen.has(group)) {
      problems.push(`${field} lists "${group}" more than once`);
    } else {
      seen.add(group);
    }
  });
  return problems;
}
