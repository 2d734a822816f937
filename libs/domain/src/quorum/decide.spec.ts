import { canVote, decide, type DecisionInput } from './decide';
import { formatExplanation } from './explain';
import { QuorumInputError } from './input';
import type { ConsensusPolicy } from './policy';
import { freezeRoster, type Roster } from './roster';
import type { Vote, VoteChoice } from './vote';

const OPENED = new Date('2025-03-01T09:00:00.000Z');
const PERIOD = 3600;
const DEADLINE = PERIOD;
const at = (seconds: number): Date => new Date(OPENED.getTime() + seconds * 1000);

function policyOf(overrides: Partial<ConsensusPolicy> = {}): ConsensusPolicy {
  return {
    mode: 'quorum',
    quorumBps: 5000,
    approvalBps: 5000,
    minApprovers: 0,
    requiredGroups: [],
    vetoGroups: [],
    votingPeriodSeconds: PERIOD,
    earlyDecision: false,
    ...overrides,
  };
}

function rosterOf(...voters: [voterId: string, weight: number, groups?: string[]][]): Roster {
  return freezeRoster(
    voters.map(([voterId, weight, groups = []]) => ({ voterId, weight, groups })),
    [],
  );
}

const vote = (voterId: string, choice: VoteChoice, seconds: number): Vote => ({
  voterId,
  choice,
  at: at(seconds),
});

function inputOf(policy: ConsensusPolicy, roster: Roster, votes: Vote[], nowSeconds: number): DecisionInput {
  return { policy, roster, votes, openedAt: OPENED, now: at(nowSeconds) };
}

const run = (policy: ConsensusPolicy, roster: Roster, votes: Vote[], nowSeconds: number) =>
  decide(inputOf(policy, roster, votes, nowSeconds));

const line = (d: ReturnType<typeof decide>, check: string) =>
  d.explanation.formulas.find((l) => l.check === check);

describe('decide: quorum', () => {
  // W = 80; approve 30 + abstain 10 is exactly half.
  const roster = rosterOf(['a', 30], ['b', 10], ['c', 40]);

  it('is met exactly at the threshold, and says so with the numbers', () => {
    const d = run(policyOf(), roster, [vote('a', 'approve', 10), vote('b', 'abstain', 20)], DEADLINE);
    expect(d.checks.quorumMet).toBe(true);
    expect(line(d, 'quorumMet')).toEqual({
      check: 'quorumMet',
      formula: 'W > 0 ∧ (A + R + B) × 10000 ≥ quorumBps × W',
      evaluated: '80 > 0 ∧ (30 + 0 + 10) × 10000 = 400000 ≥ 5000 × 80 = 400000 → true',
      holds: true,
    });
    expect(d).toMatchObject({ state: 'approved', closedBy: 'deadline', closedAt: at(DEADLINE) });
  });

  it('is missed by one unit of weight, and the decision expires', () => {
    const d = run(
      policyOf(),
      rosterOf(['a', 30], ['b', 10], ['c', 41]),
      [vote('a', 'approve', 10), vote('b', 'abstain', 20)],
      DEADLINE,
    );
    expect(d.checks.quorumMet).toBe(false);
    expect(line(d, 'quorumMet')?.evaluated).toBe(
      '81 > 0 ∧ (30 + 0 + 10) × 10000 = 400000 ≥ 5000 × 81 = 405000 → false',
    );
    expect(d).toMatchObject({ state: 'expired', closedBy: 'deadline' });
    expect(d.explanation.summary).toBe('Expired at the deadline: quorum was not met.');
  });

  it('counts abstentions towards quorum but not towards the approval ratio', () => {
    const roster = rosterOf(['a', 10], ['b', 10], ['c', 30], ['d', 50]);
    const withoutAbstention = [vote('a', 'approve', 1), vote('b', 'reject', 2)];
    expect(run(policyOf(), roster, withoutAbstention, DEADLINE).state).toBe('expired');

    const d = run(policyOf(), roster, [...withoutAbstention, vote('c', 'abstain', 3)], DEADLINE);
    expect(d.tally).toEqual({ W: 100, A: 10, R: 10, B: 30, U: 50, approvers: 1, approvedGroups: [] });
    // 10 of 10 + 10 is exactly the 50 % approval ratio; the 30 abstaining do not dilute it.
    expect(d.checks).toMatchObject({ quorumMet: true, ratioMet: true });
    expect(d.state).toBe('approved');
  });

  it('with quorumBps 0 is met without any vote, so silence at the deadline is a rejection', () => {
    const d = run(policyOf({ quorumBps: 0 }), rosterOf(['a', 1]), [], DEADLINE);
    expect(d.checks).toMatchObject({ quorumMet: true, ratioMet: false });
    expect(d.state).toBe('rejected');
  });
});

describe('decide: approval ratio', () => {
  const roster = rosterOf(['yes', 60], ['no', 40], ['yes2', 1], ['no2', 1]);
  const policy = policyOf({ approvalBps: 6000 });

  it('holds exactly at the threshold', () => {
    const d = run(policy, roster, [vote('yes', 'approve', 1), vote('no', 'reject', 2)], DEADLINE);
    expect(line(d, 'ratioMet')?.evaluated).toBe(
      '60 > 0 ∧ 60 × 10000 = 600000 ≥ 6000 × (60 + 40) = 600000 → true',
    );
    expect(d.state).toBe('approved');
  });

  it('fails one unit of weight below the threshold, which is a rejection since quorum was met', () => {
    const votes = [vote('yes', 'approve', 1), vote('no', 'reject', 2), vote('no2', 'reject', 3)];
    const d = run(policy, roster, votes, DEADLINE);
    expect(line(d, 'ratioMet')?.evaluated).toBe(
      '60 > 0 ∧ 60 × 10000 = 600000 ≥ 6000 × (60 + 41) = 606000 → false',
    );
    expect(d).toMatchObject({ state: 'rejected', closedBy: 'deadline' });
    expect(d.explanation.summary).toBe(
      'Rejected at the deadline: quorum was met, but these checks failed: ratioMet.',
    );
  });

  it('needs at least one approval even when approvalBps is 0', () => {
    const everyoneAbstains = ['yes', 'no', 'yes2', 'no2'].map((id, i) => vote(id, 'abstain', i + 1));
    const d = run(policyOf({ approvalBps: 0 }), roster, everyoneAbstains, DEADLINE);
    expect(d.checks).toMatchObject({ quorumMet: true, ratioMet: false });
    expect(d.state).toBe('rejected');
  });
});

describe('decide: approvers and groups', () => {
  const roster = rosterOf(['big', 90], ['s1', 5, ['legal']], ['s2', 5, ['brand']]);

  it('counts approvers as people, not weight', () => {
    const votes = [vote('big', 'approve', 1), vote('s1', 'approve', 2)];
    expect(run(policyOf({ minApprovers: 2 }), roster, votes, DEADLINE).state).toBe('approved');
    const d = run(policyOf({ minApprovers: 3 }), roster, votes, DEADLINE);
    expect(d.checks.minApproversMet).toBe(false);
    expect(line(d, 'minApproversMet')?.evaluated).toBe('2 ≥ 3 → false');
    expect(d.state).toBe('rejected');
  });

  it('rejects when a required group gave no approval, however large the majority', () => {
    const policy = policyOf({ requiredGroups: ['brand', 'legal'] });
    const votes = [vote('big', 'approve', 1), vote('s1', 'approve', 2), vote('s2', 'abstain', 3)];
    const d = run(policy, roster, votes, DEADLINE);
    expect(d.checks).toMatchObject({ quorumMet: true, ratioMet: true, requiredGroupsMet: false });
    expect(line(d, 'requiredGroupsMet')?.evaluated).toBe('required [brand, legal], missing [brand] → false');
    expect(d.tally.approvedGroups).toEqual(['legal']);
    expect(d.state).toBe('rejected');

    const approved = run(policy, roster, [...votes.slice(0, 2), vote('s2', 'approve', 3)], DEADLINE);
    expect(approved.tally.approvedGroups).toEqual(['brand', 'legal']);
    expect(approved.state).toBe('approved');
  });
});

describe('decide: veto', () => {
  const roster = rosterOf(['a', 50], ['b', 40], ['lawyer', 10, ['legal']]);
  const policy = policyOf({ vetoGroups: ['legal'] });

  it('rejects at once, before the deadline and without early decision, and later votes are ignored', () => {
    const votes = [vote('a', 'approve', 1), vote('lawyer', 'reject', 5), vote('b', 'approve', 9)];
    const d = run(policy, roster, votes, 10);
    expect(d).toMatchObject({ state: 'rejected', closedBy: 'veto', closedAt: at(5) });
    expect(d.checks.vetoed).toBe(true);
    expect(d.explanation.summary).toBe('Rejected: vetoed by lawyer, member(s) of a veto group.');
    expect(d.explanation.ignoredVotes).toEqual([
      { voterId: 'b', choice: 'approve', at: at(9).toISOString(), reason: 'after-close' },
    ]);
  });

  it('stays a veto when evaluated after the deadline, even though quorum was never met', () => {
    const d = run(policy, roster, [vote('lawyer', 'reject', 5)], DEADLINE * 2);
    expect(d).toMatchObject({ state: 'rejected', closedBy: 'veto', closedAt: at(5) });
    expect(d.checks.quorumMet).toBe(false);
  });

  it('comes only from a reject by a member of a veto group', () => {
    const votes = [vote('a', 'approve', 1), vote('lawyer', 'abstain', 2), vote('b', 'reject', 3)];
    const d = run(policy, roster, votes, DEADLINE);
    expect(d.checks.vetoed).toBe(false);
    expect(d.state).toBe('approved');
  });
});

describe('decide: deadline and time', () => {
  const roster = rosterOf(['a', 1], ['b', 1]);

  it('stays open before the deadline without early decision, even when the outcome looks certain', () => {
    const d = run(policyOf(), roster, [vote('a', 'approve', 1), vote('b', 'approve', 2)], DEADLINE - 1);
    expect(d.state).toBe('open');
    expect(d.closedBy).toBeUndefined();
    expect(d.closedAt).toBeUndefined();
    expect(d.deadline).toEqual(at(DEADLINE));
  });

  it('expires at the deadline with no votes', () => {
    expect(run(policyOf(), roster, [], DEADLINE)).toMatchObject({ state: 'expired', closedBy: 'deadline' });
  });

  it('counts a vote one millisecond before the deadline and ignores one at the deadline', () => {
    const last = new Date(at(DEADLINE).getTime() - 1);
    const counted = decide(
      inputOf(policyOf(), roster, [{ voterId: 'a', choice: 'approve', at: last }], DEADLINE),
    );
    expect(counted.tally.A).toBe(1);

    const d = run(
      policyOf(),
      roster,
      [vote('a', 'approve', DEADLINE), vote('b', 'approve', DEADLINE + 5)],
      DEADLINE + 10,
    );
    expect(d.tally.A).toBe(0);
    expect(d.explanation.ignoredVotes.map((v) => v.reason)).toEqual(['after-deadline', 'after-deadline']);
    expect(d.state).toBe('expired');
  });

  it('does not count votes stamped after `now`', () => {
    const d = run(policyOf(), roster, [vote('a', 'approve', 1), vote('b', 'reject', 20)], 10);
    expect(d.tally).toMatchObject({ A: 1, R: 0 });
    expect(d.explanation.ignoredVotes).toEqual([
      { voterId: 'b', choice: 'reject', at: at(20).toISOString(), reason: 'after-now' },
    ]);
  });
});

describe('decide: changed votes', () => {
  const roster = rosterOf(['a', 3], ['b', 2]);

  it('counts the last vote by time, whatever the order of the list', () => {
    const votes = [vote('a', 'reject', 30), vote('a', 'approve', 10), vote('b', 'approve', 20)];
    const d = run(policyOf(), roster, votes, DEADLINE);
    expect(d.tally).toMatchObject({ A: 2, R: 3, approvers: 1 });
    expect(d.explanation.voters.map((v) => [v.voterId, v.choice])).toEqual([
      ['a', 'reject'],
      ['b', 'approve'],
    ]);
    expect(d.state).toBe('rejected');
  });

  it('breaks a tie in time by the order of the list', () => {
    const tie = [vote('a', 'reject', 10), vote('a', 'approve', 10)];
    expect(run(policyOf(), roster, tie, DEADLINE).tally).toMatchObject({ A: 3, R: 0 });
    expect(run(policyOf(), roster, [...tie].reverse(), DEADLINE).tally).toMatchObject({ A: 0, R: 3 });
  });

  it('does not let a veto be withdrawn: it closes the decision when cast', () => {
    const vetoRoster = rosterOf(['a', 3], ['lawyer', 2, ['legal']]);
    const policy = policyOf({ vetoGroups: ['legal'] });
    const votes = [vote('lawyer', 'reject', 5), vote('lawyer', 'approve', 6), vote('a', 'approve', 7)];
    expect(run(policy, vetoRoster, votes, DEADLINE)).toMatchObject({ state: 'rejected', closedBy: 'veto' });
  });
});

describe('decide: early decision', () => {
  const early = (overrides: Partial<ConsensusPolicy> = {}) => policyOf({ earlyDecision: true, ...overrides });

  it('approves as soon as even an all-reject remainder would leave it approvable', () => {
    const roster = rosterOf(['a', 70], ['b', 20], ['c', 10]);
    const d = run(early({ approvalBps: 7000 }), roster, [vote('a', 'approve', 5)], 10);
    // 70 × 10000 = 700000 ≥ 7000 × (70 + 0 + 30) = 700000: the tie still approves.
    expect(d).toMatchObject({ state: 'approved', closedBy: 'early', closedAt: at(5) });
    expect(d.explanation.ifUncastRejected?.find((l) => l.check === 'ratioMet')?.evaluated).toBe(
      '70 > 0 ∧ 70 × 10000 = 700000 ≥ 7000 × (70 + 30) = 700000 → true',
    );
    expect(d.explanation.summary).toBe(
      'Approved early: the cast votes meet quorum, and it stays approvable even if all 2 uncast voter(s) (U = 30) reject.',
    );
  });

  it('does not approve early while one unit more of rejection would break the ratio', () => {
    const roster = rosterOf(['a', 70], ['b', 20], ['c', 11]);
    expect(run(early({ approvalBps: 7000 }), roster, [vote('a', 'approve', 5)], 10).state).toBe('open');
  });

  it('does not approve early while an uncast voter could still veto', () => {
    const roster = rosterOf(['a', 90], ['lawyer', 10, ['legal']]);
    const policy = early({ vetoGroups: ['legal'] });
    const d = run(policy, roster, [vote('a', 'approve', 5)], 10);
    expect(d.state).toBe('open');
    expect(d.explanation.ifUncastRejected?.find((l) => l.check === 'vetoed')?.holds).toBe(true);
    expect(run(policy, roster, [vote('a', 'approve', 5), vote('lawyer', 'abstain', 6)], 10).state).toBe(
      'approved',
    );
  });

  it('does not approve early before the cast votes alone meet quorum, since the rest may never vote', () => {
    // Read literally, "approvable if all of U rejected" holds here: 50 ≥ 40 % of 100, and quorum would
    // be 100 %. But if nobody else votes, the deadline finds 50 % < 60 % participation: expired.
    const roster = rosterOf(['a', 50], ['b', 50]);
    const policy = early({ quorumBps: 6000, approvalBps: 4000 });
    const d = run(policy, roster, [vote('a', 'approve', 5)], 10);
    expect(d.state).toBe('open');
    expect(d.checks.quorumMet).toBe(false);
    expect(d.explanation.ifUncastRejected?.every((l) => (l.check === 'vetoed' ? !l.holds : l.holds))).toBe(
      true,
    );
    expect(run(policy, roster, [vote('a', 'approve', 5)], DEADLINE).state).toBe('expired');
  });

  it('rejects as soon as even an all-approve remainder could not make it approvable', () => {
    const roster = rosterOf(['a', 40], ['b', 35], ['c', 25]);
    const policy = early({ approvalBps: 6000 });
    const d = run(policy, roster, [vote('a', 'reject', 5), vote('b', 'approve', 6)], 10);
    // Best case: 35 + 25 = 60 approve against 40: 600000 ≥ 600000 would still approve.
    expect(d.state).toBe('open');
    const closed = run(policy, roster, [vote('a', 'reject', 5), vote('b', 'abstain', 6)], 10);
    expect(closed).toMatchObject({ state: 'rejected', closedBy: 'early', closedAt: at(6) });
    expect(closed.explanation.ifUncastApproved?.find((l) => l.check === 'ratioMet')?.evaluated).toBe(
      '25 > 0 ∧ 25 × 10000 = 250000 ≥ 6000 × (25 + 40) = 390000 → false',
    );
  });

  it('rejects early when a required group can no longer approve', () => {
    const roster = rosterOf(['a', 80], ['lawyer', 20, ['legal']]);
    const d = run(
      early({ requiredGroups: ['legal'] }),
      roster,
      [vote('lawyer', 'reject', 5), vote('a', 'approve', 6)],
      10,
    );
    expect(d).toMatchObject({ state: 'rejected', closedBy: 'early', closedAt: at(6) });
  });

  it('does not reject early before quorum is met, since the outcome could still be an expiry', () => {
    const roster = rosterOf(['a', 1], ['b', 1], ['c', 1]);
    const impossible = early({ minApprovers: 4 });
    expect(run(impossible, roster, [vote('a', 'reject', 5)], 10).state).toBe('open');
    expect(run(impossible, roster, [vote('a', 'reject', 5)], DEADLINE).state).toBe('expired');
    expect(run(impossible, roster, [vote('a', 'reject', 5), vote('b', 'abstain', 6)], 10)).toMatchObject({
      state: 'rejected',
      closedBy: 'early',
    });
  });

  it('rejects at the opening when quorum needs nobody and approval is out of reach', () => {
    const d = run(early({ quorumBps: 0, minApprovers: 2 }), rosterOf(['a', 1]), [], 0);
    expect(d).toMatchObject({ state: 'rejected', closedBy: 'early', closedAt: OPENED });
  });

  it('keeps the early closing time and cause when evaluated after the deadline', () => {
    const roster = rosterOf(['a', 70], ['b', 30]);
    const votes = [vote('a', 'approve', 5), vote('b', 'reject', 50)];
    const d = run(early(), roster, votes, DEADLINE * 3);
    expect(d).toMatchObject({ state: 'approved', closedBy: 'early', closedAt: at(5) });
    expect(d.tally).toMatchObject({ A: 70, R: 0, U: 30 });
    expect(d.explanation.ignoredVotes.map((v) => v.reason)).toEqual(['after-close']);
  });

  it('takes cast votes as they stand, so a later change of mind cannot undo an early rejection', () => {
    // With at most one vote per voter, turning a vote into an approval never turns approval into
    // anything else (see the property tests). With changes of mind it can: here the extra approval
    // from b makes the cast votes reach quorum one vote sooner, while a's reject still stands.
    const roster = rosterOf(['a', 10], ['b', 10], ['c', 80]);
    const policy = early({ quorumBps: 2000, approvalBps: 10000 });
    const changeOfMind = [vote('a', 'reject', 10), vote('a', 'approve', 20), vote('c', 'approve', 30)];
    expect(run(policy, roster, changeOfMind, DEADLINE).state).toBe('approved');
    const withB = [vote('b', 'approve', 5), ...changeOfMind];
    expect(run(policy, roster, withB, DEADLINE)).toMatchObject({
      state: 'rejected',
      closedBy: 'early',
      closedAt: at(10),
    });
  });
});

describe('decide: empty roster', () => {
  it('never meets quorum, even with quorumBps 0, and expires at the deadline', () => {
    const open = run(policyOf({ quorumBps: 0 }), [], [], 10);
    expect(open.state).toBe('open');
    expect(open.checks.quorumMet).toBe(false);
    expect(line(open, 'quorumMet')?.evaluated).toBe('0 > 0 ∧ (0 + 0 + 0) × 10000 = 0 ≥ 0 × 0 = 0 → false');
    expect(run(policyOf({ quorumBps: 0 }), [], [], DEADLINE)).toMatchObject({
      state: 'expired',
      closedBy: 'deadline',
    });
  });

  it('expires at the opening with early decision, since nobody can ever vote', () => {
    const d = run(policyOf({ earlyDecision: true }), [], [], 0);
    expect(d).toMatchObject({ state: 'expired', closedBy: 'early', closedAt: OPENED });
    expect(d.explanation.summary).toBe('Expired: the roster is empty, so nobody can vote.');
    expect(d.tally).toEqual({ W: 0, A: 0, R: 0, B: 0, U: 0, approvers: 0, approvedGroups: [] });
  });
});

describe('decide: exact arithmetic', () => {
  it('decides a ratio that misses by exactly 1 at a magnitude of 2^63, which floating point calls met', () => {
    // 3333·A − 6667·R = −1 for A = 2 + 6667t, R = 1 + 3333t, so A × 10000 is exactly one short of
    // 6667 × (A + R); at this size a double cannot tell the two products apart.
    const t = 2 ** 37;
    const A = 2 + 6667 * t;
    const R = 1 + 3333 * t;
    expect(Number.isSafeInteger(A + R)).toBe(true);
    expect(A * 10000 >= 6667 * (A + R)).toBe(true); // the floating-point answer, which is wrong
    expect(BigInt(A) * 10000n - 6667n * (BigInt(A) + BigInt(R))).toBe(-1n);

    const d = run(
      policyOf({ approvalBps: 6667 }),
      rosterOf(['a', A], ['r', R]),
      [vote('a', 'approve', 1), vote('r', 'reject', 2)],
      DEADLINE,
    );
    expect(d.checks.ratioMet).toBe(false);
    expect(d.state).toBe('rejected');
    expect(d.tally).toMatchObject({ A, R });
    expect(line(d, 'ratioMet')?.evaluated).toContain(`= ${BigInt(A) * 10000n} ≥`);
  });
});

describe('decide: input contract', () => {
  const roster = rosterOf(['a', 1]);
  const problems = (input: DecisionInput): readonly string[] => {
    try {
      decide(input);
    } catch (e) {
      if (e instanceof QuorumInputError) return e.problems;
      throw e;
    }
    throw new Error('decide accepted the input');
  };

  it('refuses a vote from someone not on the roster', () => {
    expect(problems(inputOf(policyOf(), roster, [vote('mallory', 'approve', 1)], 10))).toEqual([
      'votes[0] is from "mallory", who is not on the roster',
    ]);
  });

  it('refuses an auto policy, an invalid policy and an invalid roster', () => {
    expect(problems(inputOf(policyOf({ mode: 'auto' }), roster, [], 10))).toEqual([
      'an "auto" policy decides without a vote; decide() is not for it',
    ]);
    expect(problems(inputOf(policyOf({ quorumBps: 10001 }), roster, [], 10))[0]).toMatch(
      /^quorumBps must be/,
    );
    expect(problems(inputOf(policyOf(), [{ voterId: 'a', weight: 0, groups: [] }], [], 10))[0]).toMatch(
      /^roster\[0\]\.weight must be/,
    );
  });

  it('refuses votes before the opening, unknown choices and invalid dates', () => {
    const bad = [
      vote('a', 'approve', -1),
      { voterId: 'a', choice: 'maybe' as VoteChoice, at: at(1) },
      { voterId: 'a', choice: 'approve' as const, at: new Date(Number.NaN) },
    ];
    expect(problems(inputOf(policyOf(), roster, bad, 10))).toEqual([
      'votes[0] was cast before the decision opened',
      'votes[1].choice "maybe" is not a choice',
      'votes[2].at must be a valid date, got Invalid Date',
    ]);
    expect(problems(inputOf(policyOf(), roster, [], -1))).toEqual(['now is before the decision opened']);
  });
});

describe('canVote', () => {
  const roster = rosterOf(['a', 1], ['b', 1], ['lawyer', 1, ['legal']]);
  const policy = policyOf({ vetoGroups: ['legal'] });

  it('allows a voter on the roster while the decision is open, including a change of vote', () => {
    expect(canVote(inputOf(policy, roster, [], 1), 'a')).toEqual({ allowed: true });
    expect(canVote(inputOf(policy, roster, [vote('a', 'approve', 1)], 2), 'a')).toEqual({ allowed: true });
  });

  it('refuses someone not on the roster, such as the bot owner', () => {
    expect(canVote(inputOf(policy, roster, [], 1), 'owner')).toMatchObject({
      allowed: false,
      reason: 'not-on-roster',
    });
  });

  it('refuses everyone once the decision closed by veto or deadline', () => {
    expect(canVote(inputOf(policy, roster, [vote('lawyer', 'reject', 1)], 2), 'a')).toEqual({
      allowed: false,
      reason: 'decision-closed',
      message: `The decision closed (rejected, by veto) at ${at(1).toISOString()}`,
    });
    expect(canVote(inputOf(policy, roster, [], DEADLINE), 'a')).toMatchObject({
      allowed: false,
      reason: 'decision-closed',
    });
  });
});

describe('explanation', () => {
  const roster = rosterOf(['a', 2, ['legal']], ['b', 1]);

  it('is plain data that survives a JSON round trip', () => {
    const d = run(
      policyOf({ earlyDecision: true }),
      roster,
      [vote('a', 'approve', 1), vote('b', 'reject', 2)],
      5,
    );
    expect(JSON.parse(JSON.stringify(d.explanation))).toEqual(d.explanation);
    expect(d.explanation).toMatchObject({
      openedAt: OPENED.toISOString(),
      deadline: at(DEADLINE).toISOString(),
      evaluatedAt: at(5).toISOString(),
      voters: [
        { voterId: 'a', weight: 2, groups: ['legal'], choice: 'approve' },
        { voterId: 'b', weight: 1, groups: [], choice: null },
      ],
    });
  });

  it('shows the early-decision hypotheticals only when early decision applies', () => {
    const withEarly = run(policyOf({ earlyDecision: true }), roster, [], 5);
    expect(withEarly.explanation.ifUncastRejected).toHaveLength(5);
    expect(withEarly.explanation.ifUncastApproved).toHaveLength(5);
    const without = run(policyOf(), roster, [], 5);
    expect(without.explanation.ifUncastRejected).toBeNull();
    expect(without.explanation.summary).toBe(
      `Open until ${at(DEADLINE).toISOString()}: without early decision only a veto or the deadline closes it.`,
    );
  });

  it('formats as text, one evaluated formula per line', () => {
    const d = run(policyOf(), roster, [vote('a', 'approve', 1)], DEADLINE);
    expect(formatExplanation(d.explanation).split('\n')).toEqual([
      'Approved at the deadline: every condition holds.',
      'Votes as they stand:',
      '  W > 0 ∧ (A + R + B) × 10000 ≥ quorumBps × W: 3 > 0 ∧ (2 + 0 + 0) × 10000 = 20000 ≥ 5000 × 3 = 15000 → true',
      '  A > 0 ∧ A × 10000 ≥ approvalBps × (A + R): 2 > 0 ∧ 2 × 10000 = 20000 ≥ 5000 × (2 + 0) = 10000 → true',
      '  approvers ≥ minApprovers: 1 ≥ 0 → true',
      '  every required group has at least one approving member: required [], missing [] → true',
      '  a member of a veto group rejected: veto groups [], vetoed by [] → false',
    ]);
  });
});
