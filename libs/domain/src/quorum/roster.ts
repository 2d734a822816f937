import { assertNoProblems, show } from './input';

/** One eligible voter, frozen when the decision opens. `voterId` is the person's user id. */
export interface RosterEntry {
  readonly voterId: string;
  readonly weight: number;
  readonly groups: readonly string[];
}

export type Roster = readonly RosterEntry[];

/** A stakeholder as the app loads it: weight 0 means "currently not eligible". */
export interface Stakeholder {
  voterId: string;
  weight: number;
  groups: readonly string[];
}

/**
 * Everything wrong with a roster; empty when usable. The total weight must stay a safe integer so
 * that every partial sum of weights is exact as a JS number, leaving bigint for the products only.
 */
export function validateRoster(roster: Roster): string[] {
  if (!Array.isArray(roster)) return [`the roster must be a list, got ${show(roster)}`];
  const problems: string[] = [];
  const seen = new Set<string>();
  let total = 0n;
  roster.forEach((entry: RosterEntry, i) => {
    const { voterId, weight, groups } = entry;
    if (typeof voterId !== 'string' || voterId === '') {
      problems.push(`roster[${i}].voterId must be a non-empty string, got ${show(voterId)}`);
    } else if (seen.has(voterId)) {
      problems.push(`voter ${show(voterId)} is on the roster more than once`);
    } else {
      seen.add(voterId);
    }
    if (!Number.isSafeInteger(weight) || weight <= 0) {
      problems.push(`roster[${i}].weight must be a whole number > 0, got ${show(weight)}`);
    } else {
      total += BigInt(weight);
    }
    if (!Array.isArray(groups) || !groups.every((g: unknown) => typeof g === 'string' && g !== '')) {
      problems.push(`roster[${i}].groups must be a list of non-empty group names, got ${show(groups)}`);
    }
  });
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
    problems.push(`the total weight ${total} exceeds ${Number.MAX_SAFE_INTEGER}`);
  }
  return problems;
}

/**
 * The roster a decision freezes when it opens: stakeholders with weight > 0, minus the excluded ones
 * (the submitting bot's owner, so nobody approves their own bot's work). The result is sorted by
 * voter id and deep-frozen so that it serialises identically however the stakeholders were loaded.
 * Throws QuorumInputError on negative or fractional weights or duplicate voters: corrupt data.
 */
export function freezeRoster(
  stakeholders: readonly Stakeholder[],
  excludedVoterIds: Iterable<string>,
): Roster {
  const excluded = new Set(excludedVoterIds);
  assertNoProblems(
    stakeholders
      .filter((s) => !Number.isSafeInteger(s.weight) || s.weight < 0)
      .map(
        (s) => `stakeholder ${show(s.voterId)} has weight ${show(s.weight)}; weights are whole numbers >= 0`,
      ),
  );
  const roster = stakeholders
    .filter((s) => s.weight > 0 && !excluded.has(s.voterId))
    .map((s) =>
      Object.freeze({ voterId: s.voterId, weight: s.weight, groups: Object.freeze(sortedUnique(s.groups)) }),
    )
    .sort((a, b) => compareIds(a.voterId, b.voterId));
  assertNoProblems(validateRoster(roster));
  return Object.freeze(roster);
}

// Code-unit order, not localeCompare: the order must not depend on the host's locale or ICU version.
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Malformed groups are passed through untouched so that validateRoster reports them.
function sortedUnique(values: readonly string[]): readonly string[] {
  return Array.isArray(values) ? [...new Set(values)].sort(compareIds) : values;
}
