/**
 * Thrown when the decision functions are handed a policy, roster or vote log that breaks their
 * contract. Such input can only come from a bug or corrupt data, so it fails loudly rather than
 * producing a plausible outcome; callers facing users validate first with the `validate*` helpers.
 */
export class QuorumInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'QuorumInputError';
  }
}

export function assertNoProblems(problems: readonly string[]): void {
  if (problems.length > 0) throw new QuorumInputError(problems);
}

/** A value as it should appear in a problem message: strings quoted, NaN and undefined visible. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || value === undefined) return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return JSON.stringify(value) ?? typeof value;
}
