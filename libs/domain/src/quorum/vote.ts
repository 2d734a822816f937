export type VoteChoice = 'approve' | 'reject' | 'abstain';

export const VOTE_CHOICES: readonly VoteChoice[] = ['approve', 'reject', 'abstain'];

/** One vote as the ledger keeps it. A voter may vote several times; the last one counts. */
export interface Vote {
  voterId: string;
  choice: VoteChoice;
  at: Date;
}
