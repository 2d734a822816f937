import fc from 'fast-check';
import { decide } from './decide';
import { dryRun, type PastDecision } from './dry-run';
import { QuorumInputError } from './input';
import type { ConsensusPolicy } from './policy';
import { freezeRoster } from './roster';
import { VOTE_CHOICES, type Vote, type VoteChoice } from './vote';

const OPENED = new Date('2025-03-01T09:00:00.000Z');
const PERIOD = 3600;
const at = (seconds: number): Date => new Date(OPENED.getTime() + seconds * 1000);
const vote = (voterId: string, choice: VoteChoice, seconds: number): Vote => ({
  voterId,
  choice,
  at: at(seconds),
});

const current: ConsensusPolicy = {
  mode: 'quorum',
  quorumBps: 5000,
  approvalBps: 5000,
  minApprovers: 0,
  requiredGroups: [],
  vetoGroups: [],
  votingPeriodSeconds: PERIOD,
  earlyDecision: false,
};

const roster = freezeRoster(
  [
    { voterId: 'a', weight: 50, groups: [] },
    { voterId: 'b', weight: 30, groups: ['legal'] },
    { voterId: 'c', weight: 20, groups: [] },
  ],
  [],
);

/** A decision as it was actually closed under `policy`, the way the app would have recorded it. */
function closed(id: string, votes: Vote[], policy: ConsensusPolicy = current): PastDecision {
  const d = decide({ policy, roster, votes, openedAt: OPENED, now: at(PERIOD) });
  if (d.state === 'open' || !d.closedAt) throw new Error(`${id} did not close`);
  return { id, roster, votes, openedAt: OPENED, closedAt: d.closedAt, outcome: d.state };
}

const splitVote = closed('split', [vote('a', 'approve', 1), vote('b', 'reject', 2), vote('c', 'abstain', 3)]);
const lowTurnout = closed('low-turnout', [vote('a', 'approve', 1)]);
const unanimous = closed('unanimous', [
  vote('a', 'approve', 1),
  vote('b', 'approve', 2),
  vote('c', 'approve', 3),
]);
const rejected = closed('rejected', [vote('a', 'reject', 1)]);
const past = [splitVote, lowTurnout, unanimous, rejected];

describe('dryRun', () => {
  it('reports nothing for the policy the decisions were taken under', () => {
    expect(past.map((p) => p.outcome)).toEqual(['approved', 'approved', 'approved', 'rejected']);
    expect(dryRun(current, past)).toEqual([]);
  });

  it('reports a stricter approval ratio turning a split vote into a rejection, with the reason', () => {
    const changes = dryRun({ ...current, approvalBps: 7000 }, past);
    expect(changes.map(({ id, before, after }) => ({ id, before, after }))).toEqual([
      { id: 'split', before: 'approved', after: 'rejected' },
    ]);
    expect(changes[0].summary).toBe(
      'Rejected at the deadline: quorum was met, but these checks failed: ratioMet.',
    );
    expect(changes[0].decision?.explanation.formulas.find((l) => l.check === 'ratioMet')?.evaluated).toBe(
      '50 > 0 ∧ 50 × 10000 = 500000 ≥ 7000 × (50 + 30) = 560000 → false',
    );
  });

  it('reports a higher quorum expiring a low-turnout approval, and a required group blocking others', () => {
    expect(dryRun({ ...current, quorumBps: 6000 }, past).map((c) => [c.id, c.after])).toEqual([
      ['low-turnout', 'expired'],
      ['rejected', 'expired'],
    ]);
    expect(dryRun({ ...current, requiredGroups: ['legal'] }, past).map((c) => [c.id, c.after])).toEqual([
      ['split', 'rejected'],
      ['low-turnout', 'rejected'],
    ]);
  });

  it('reports "open" when the draft would not have closed a decision by the time it really closed', () => {
    const early = { ...current, earlyDecision: true };
    const closedEarly = closed('early', [vote('a', 'approve', 1), vote('b', 'approve', 2)], early);
    expect(closedEarly.closedAt).toEqual(at(1));
    expect(dryRun(early, [closedEarly])).toEqual([]);
    const [change] = dryRun(current, [closedEarly]);
    expect(change).toMatchObject({ id: 'early', before: 'approved', after: 'open' });
  });

  it('treats an auto draft as approving everything without a vote', () => {
    expect(dryRun({ ...current, mode: 'auto' }, past)).toEqual([
      {
        id: 'rejected',
        before: 'rejected',
        after: 'approved',
        summary: 'The draft is "auto": no vote is held.',
      },
    ]);
  });

  it('refuses an invalid draft', () => {
    expect(() => dryRun({ ...current, approvalBps: -1 }, past)).toThrow(QuorumInputError);
  });

  it('replays any recorded decision to its recorded outcome under its own policy', () => {
    const policyArb = fc.record({
      mode: fc.constant('quorum' as const),
      quorumBps: fc.integer({ min: 0, max: 10000 }),
      approvalBps: fc.integer({ min: 0, max: 10000 }),
      minApprovers: fc.integer({ min: 0, max: 3 }),
      requiredGroups: fc.subarray(['legal']),
      vetoGroups: fc.subarray(['legal']),
      votingPeriodSeconds: fc.constant(PERIOD),
      earlyDecision: fc.boolean(),
    });
    const logArb = fc.array(
      fc.record({
        voterId: fc.constantFrom('a', 'b', 'c'),
        choice: fc.constantFrom(...VOTE_CHOICES),
        at: fc.integer({ min: 0, max: PERIOD - 1 }).map(at),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(policyArb, logArb, (policy, votes) => {
        expect(dryRun(policy, [closed('any', votes, policy)])).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
