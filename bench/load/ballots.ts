/** One vote to cast: which decision (by position) and which voter (by position). */
export interface Ballot {
  decision: number;
  voter: number;
}

/**
 * `count` votes spread evenly over `decisions` decisions: vote k goes to decision k mod `decisions`,
 * cast by voter `firstVoter` + floor(k / `decisions`). So consecutive votes land on different
 * decisions, no voter votes twice on a decision, and the run uses the voters from `firstVoter` up to
 * `firstVoter + votersUsed(count, decisions)`.
 */
export function ballots(count: number, decisions: number, firstVoter: number): Ballot[] {
  return Array.from({ length: count }, (_, k) => ({
    decision: k % decisions,
    voter: firstVoter + Math.floor(k / decisions),
  }));
}

export function votersUsed(count: number, decisions: number): number {
  return Math.ceil(count / decisions);
}
