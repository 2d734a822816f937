import { QuorumInputError, show } from './input';
import type { ConsensusPolicy } from './policy';
import { compareIds, type Roster, type RosterEntry } from './roster';
import type { VoteChoice } from './vote';

/**
 * The inputs of the formulas, as bigints so that products like A × 10000 stay exact far beyond 2^53.
 * A scenario is either the votes as they stand or a hypothetical completion of them.
 */
export interface Scenario {
  W: bigint;
  A: bigint;
  R: bigint;
  B: bigint;
  approvers: number;
  groupApproved: (group: string) => boolean;
  /** Cast rejects from members of a veto group. */
  vetoers: readonly string[];
  /** Uncast members of a veto group taken to reject, in the worst case only. */
  assumedVetoes: number;
}

/**
 * The votes as they stand, kept up to date one vote at a time so that replaying a long vote log
 * costs O(votes × groups per voter), not O(votes × roster).
 */
export class BallotBox {
  readonly W: bigint;
  private readonly sums: Record<VoteChoice, bigint> = { approve: 0n, reject: 0n, abstain: 0n };
  private readonly voters: ReadonlyMap<string, RosterEntry>;
  private readonly choices = new Map<string, VoteChoice>();
  private readonly approving = new Counter();
  private readonly uncastIn = new Counter();
  private readonly vetoers = new Set<string>();
  private readonly vetoGroups: ReadonlySet<string>;
  private uncastVetoMembers = 0;
  private approvers = 0;

  constructor(policy: ConsensusPolicy, roster: Roster) {
    this.vetoGroups = new Set(policy.vetoGroups);
    this.voters = new Map(roster.map((v) => [v.voterId, v]));
    this.W = roster.reduce((sum, v) => sum + BigInt(v.weight), 0n);
    for (const voter of roster) this.markUncast(voter, +1);
  }

  get uncastCount(): number {
    return this.voters.size - this.choices.size;
  }

  get U(): bigint {
    return this.W - this.sums.approve - this.sums.reject - this.sums.abstain;
  }

  choiceOf(voterId: string): VoteChoice | undefined {
    return this.choices.get(voterId);
  }

  approvedGroups(): string[] {
    return this.approving.keys().sort(compareIds);
  }

  /** Records a voter's vote, replacing any earlier one. The voter must be on the roster. */
  cast(voterId: string, choice: VoteChoice): void {
    const voter = this.voters.get(voterId);
    if (!voter) throw new QuorumInputError([`${show(voterId)} is not on the roster`]);
    const previous = this.choices.get(voterId);
    if (previous === undefined) this.markUncast(voter, -1);
    else this.count(voter, previous, -1);
    this.choices.set(voterId, choice);
    this.count(voter, choice, +1);
  }

  /** The votes as they stand. */
  asCast(): Scenario {
    return this.scenario({});
  }

  /**
   * The worst case for approval: every uncast voter rejects. A reject from an uncast member of a veto
   * group would be a veto, so "no remaining voter could veto" is part of this scenario, not a rule of
   * its own. Its quorum is met by construction, which is why early approval also checks the quorum of
   * the votes actually cast (see decide.ts).
   */
  ifUncastRejected(): Scenario {
    return this.scenario({ R: this.sums.reject + this.U, assumedVetoes: this.uncastVetoMembers });
  }

  /** The best case for approval: every uncast voter approves. */
  ifUncastApproved(): Scenario {
    return this.scenario({
      A: this.sums.approve + this.U,
      approvers: this.approvers + this.uncastCount,
      groupApproved: (g) => this.approving.has(g) || this.uncastIn.has(g),
    });
  }

  private scenario(overrides: Partial<Scenario>): Scenario {
    return {
      W: this.W,
      A: this.sums.approve,
      R: this.sums.reject,
      B: this.sums.abstain,
      approvers: this.approvers,
      groupApproved: (g) => this.approving.has(g),
      vetoers: [...this.vetoers].sort(compareIds),
      assumedVetoes: 0,
      ...overrides,
    };
  }

  private count(voter: RosterEntry, choice: VoteChoice, sign: 1 | -1): void {
    this.sums[choice] += BigInt(sign * voter.weight);
    if (choice === 'approve') {
      this.approvers += sign;
      voter.groups.forEach((g) => this.approving.add(g, sign));
    }
    if (choice === 'reject' && this.inVetoGroup(voter)) {
      if (sign > 0) this.vetoers.add(voter.voterId);
      else this.vetoers.delete(voter.voterId);
    }
  }

  private markUncast(voter: RosterEntry, sign: 1 | -1): void {
    voter.groups.forEach((g) => this.uncastIn.add(g, sign));
    if (this.inVetoGroup(voter)) this.uncastVetoMembers += sign;
  }

  private inVetoGroup(voter: RosterEntry): boolean {
    return voter.groups.some((g) => this.vetoGroups.has(g));
  }
}

/** How many voters of each group are in some state; a group with none is dropped. */
class Counter {
  private readonly counts = new Map<string, number>();

  add(key: string, by: number): void {
    const n = (this.counts.get(key) ?? 0) + by;
    if (n === 0) this.counts.delete(key);
    else this.counts.set(key, n);
  }

  has(key: string): boolean {
    return this.counts.has(key);
  }

  keys(): string[] {
    return [...this.counts.keys()];
  }
}
