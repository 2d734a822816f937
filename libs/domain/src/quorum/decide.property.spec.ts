import fc from 'fast-check';
import { decide, type Decision } from './decide';
import { BPS, type ConsensusPolicy } from './policy';
import { freezeRoster, type Roster } from './roster';
import { VOTE_CHOICES, type Vote, type VoteChoice } from './vote';

const OPENED_MS = Date.UTC(2025, 2, 1, 9);
const PERIOD_SECONDS = 100;
const DEADLINE_MS = OPENED_MS + PERIOD_SECONDS * 1000;
const IDS = ['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7'];
const GROUPS = ['a', 'b', 'c'];

const choiceArb = fc.constantFrom(...VOTE_CHOICES);
// A millisecond inside the voting window.
const msArb = fc.integer({ min: OPENED_MS, max: DEADLINE_MS - 1 });
// Thresholds that make ties likely, plus any value.
const bpsArb = fc.oneof(
  fc.constantFrom(0, 2500, 5000, 6000, 6667, 10000),
  fc.integer({ min: 0, max: 10000 }),
);

function rosterArb(maxVoters: number, maxWeight = 20): fc.Arbitrary<Roster> {
  return fc
    .uniqueArray(
      fc.record({
        voterId: fc.constantFrom(...IDS.slice(0, maxVoters)),
        weight: fc.integer({ min: 1, max: maxWeight }),
        groups: fc.subarray(GROUPS, { maxLength: 2 }),
      }),
      { selector: (v) => v.voterId, maxLength: maxVoters },
    )
    .map((stakeholders) => freezeRoster(stakeholders, []));
}

/** Policies over the groups a, b and c; `c` is the veto group in `vetoPercent` of them. */
function policyArb(
  earlyDecision: fc.Arbitrary<boolean> = fc.boolean(),
  vetoPercent = 20,
): fc.Arbitrary<ConsensusPolicy> {
  return fc.record({
    mode: fc.constant('quorum' as const),
    quorumBps: bpsArb,
    approvalBps: bpsArb,
    minApprovers: fc.integer({ min: 0, max: 4 }),
    requiredGroups: fc.subarray(GROUPS, { maxLength: 2 }),
    vetoGroups: fc.oneof(
      { weight: 100 - vetoPercent, arbitrary: fc.constant([]) },
      { weight: vetoPercent, arbitrary: fc.constant(['c']) },
    ),
    votingPeriodSeconds: fc.constant(PERIOD_SECONDS),
    earlyDecision,
  });
}

/** Any vote log: voters may vote several times; times are distinct so that logs can be cut cleanly. */
function logArb(roster: Roster, maxLength = 12): fc.Arbitrary<Vote[]> {
  if (roster.length === 0) return fc.constant([]);
  const entry = fc.record({
    voterId: fc.constantFrom(...roster.map((v) => v.voterId)),
    choice: choiceArb,
    ms: msArb,
  });
  return fc
    .uniqueArray(entry, { selector: (e) => e.ms, maxLength })
    .map((entries) => entries.map(({ voterId, choice, ms }) => ({ voterId, choice, at: new Date(ms) })));
}

type Ballot = { voterId: string; choice: VoteChoice | null; ms: number };

/** For each voter on the roster, the one vote they cast, or none. */
function ballotsArb(roster: Roster, choice: fc.Arbitrary<VoteChoice> = choiceArb): fc.Arbitrary<Ballot[]> {
  return fc.tuple(
    ...roster.map((v) =>
      fc.record({ voterId: fc.constant(v.voterId), choice: fc.option(choice, { nil: null }), ms: msArb }),
    ),
  );
}

// Leans towards approval so that approvals, the subject of monotonicity, are common.
const approvingArb = fc.constantFrom<VoteChoice>('approve', 'approve', 'approve', 'reject', 'abstain');

const castOnly = (ballots: Ballot[]): Vote[] =>
  ballots.flatMap(({ voterId, choice, ms }) => (choice ? [{ voterId, choice, at: new Date(ms) }] : []));

function run(policy: ConsensusPolicy, roster: Roster, votes: readonly Vote[], nowMs: number): Decision {
  return decide({ policy, roster, votes, openedAt: new Date(OPENED_MS), now: new Date(nowMs) });
}

/** Settles a decision the slow way: no early closing, only vetoes and the deadline. */
const atDeadlineWithoutEarly = (policy: ConsensusPolicy, roster: Roster, votes: readonly Vote[]): Decision =>
  run({ ...policy, earlyDecision: false }, roster, votes, DEADLINE_MS);

/** The votes that stood when `decision` was computed: those cast by its closing time or by `nowMs`. */
const standingLog = (log: readonly Vote[], decision: Decision, nowMs: number): Vote[] =>
  log.filter((v) => v.at.getTime() <= (decision.closedAt?.getTime() ?? nowMs));

/** Every way the voters who have not voted in `log` could still vote (or not), after `afterMs`. */
function completions(roster: Roster, log: readonly Vote[], afterMs: number): Vote[][] {
  const cast = new Set(log.map((v) => v.voterId));
  const uncast = roster.filter((v) => !cast.has(v.voterId));
  let all: Vote[][] = [[]];
  uncast.forEach((voter, i) => {
    const at = new Date(afterMs + 1 + i);
    all = all.flatMap((c) => [
      c,
      ...VOTE_CHOICES.map((choice) => [...c, { voterId: voter.voterId, choice, at }]),
    ]);
  });
  return all;
}

/** Guards against vacuous properties: each listed outcome must have been generated at least once. */
function seen(): { add: (d: Decision) => void; expectAll: (...keys: string[]) => void } {
  const keys = new Set<string>();
  return {
    add: (d) => {
      keys.add(d.state);
      if (d.closedBy) keys.add(`by ${d.closedBy}`);
    },
    expectAll: (...expected) => expect([...keys]).toEqual(expect.arrayContaining(expected)),
  };
}

describe('decide: properties', () => {
  it('(a) does not depend on the order in which distinct voters cast their votes', () => {
    const outcomes = seen();
    fc.assert(
      fc.property(
        rosterArb(8).chain((roster) =>
          fc.record({
            roster: fc.constant(roster),
            policy: policyArb(),
            votes: ballotsArb(roster).map(castOnly),
            times: fc.array(msArb, { minLength: roster.length, maxLength: roster.length }),
            order: fc.shuffledSubarray([...roster.keys()], { minLength: roster.length }),
          }),
        ),
        ({ roster, policy, votes, times, order }) => {
          // The same ballots, handed out the sorted times in another order.
          const sorted = [...times].sort((x, y) => x - y);
          const reordered = order
            .filter((i) => i < votes.length)
            .map((i, k) => ({ ...votes[i], at: new Date(sorted[k]) }));
          const original = votes.map((v, k) => ({ ...v, at: new Date(sorted[k]) }));
          for (const nowMs of [sorted[votes.length - 1] ?? OPENED_MS, DEADLINE_MS]) {
            const d = run(policy, roster, original, nowMs);
            outcomes.add(d);
            expect(run(policy, roster, reordered, nowMs).state).toBe(d.state);
          }
        },
      ),
      { numRuns: 200 },
    );
    outcomes.expectAll('open', 'approved', 'rejected', 'expired', 'by early', 'by veto', 'by deadline');
  });

  it('(b) closes early only on the outcome that every completion of the uncast votes gives at the deadline', () => {
    let early = 0;
    fc.assert(
      fc.property(
        rosterArb(8).chain((roster) =>
          fc.record({
            roster: fc.constant(roster),
            policy: policyArb(fc.constant(true)),
            log: logArb(roster),
            later: ballotsArb(roster),
          }),
        ),
        ({ roster, policy, log, later }) => {
          const nowMs = DEADLINE_MS - 1;
          const d = run(policy, roster, log, nowMs);
          if (d.closedBy !== 'early') return;
          early += 1;
          // Cast votes as they stand; only those who had not voted may still vote, after the closing.
          const stood = standingLog(log, d, nowMs);
          const cast = new Set(stood.map((v) => v.voterId));
          const closedMs = d.closedAt?.getTime() ?? nowMs;
          const completion = castOnly(later.filter((b) => !cast.has(b.voterId) && b.ms > closedMs));
          expect(atDeadlineWithoutEarly(policy, roster, [...stood, ...completion]).state).toBe(d.state);
        },
      ),
      { numRuns: 300 },
    );
    expect(early).toBeGreaterThan(80);
  });

  it('(b) closes early exactly when all completions agree: checked against every completion', () => {
    const outcomes = seen();
    fc.assert(
      fc.property(
        rosterArb(4).chain((roster) =>
          fc.record({
            roster: fc.constant(roster),
            // Vetoes often, so that uncast veto-group members are well covered.
            policy: policyArb(fc.constant(true), 50),
            log: logArb(roster, 6),
            // Leaves room before the deadline for the completions' votes.
            nowMs: fc.integer({ min: OPENED_MS, max: DEADLINE_MS - 10 }),
          }),
        ),
        ({ roster, policy, log, nowMs }) => {
          const d = run(policy, roster, log, nowMs);
          outcomes.add(d);
          const stood = standingLog(log, d, nowMs);
          const fromMs = d.closedAt?.getTime() ?? nowMs;
          const states = new Set(
            completions(roster, stood, fromMs).map(
              (c) => atDeadlineWithoutEarly(policy, roster, [...stood, ...c]).state,
            ),
          );
          if (d.state === 'open') expect(states.size).toBeGreaterThan(1);
          else expect([...states]).toEqual([d.state]);
        },
      ),
      { numRuns: 200 },
    );
    outcomes.expectAll('open', 'approved', 'rejected', 'expired', 'by early');
  });

  it('(c) with one vote per voter, turning a vote or a non-vote into an approval never undoes an approval', () => {
    // Holds with or without early decision, at any time. It needs "one vote per voter": when voters
    // change their minds, an extra approval can make an early rejection happen sooner (see the
    // example in decide.spec.ts).
    let approved = 0;
    fc.assert(
      fc.property(
        rosterArb(8)
          .filter((r) => r.length > 0)
          .chain((roster) =>
            fc.record({
              roster: fc.constant(roster),
              policy: policyArb(),
              ballots: ballotsArb(roster, approvingArb),
              who: fc.nat(roster.length - 1),
              nowMs: fc.oneof(msArb, fc.constant(DEADLINE_MS)),
            }),
          ),
        ({ roster, policy, ballots, who, nowMs }) => {
          const before = run(policy, roster, castOnly(ballots), nowMs);
          if (before.state !== 'approved') return;
          approved += 1;
          const more = ballots.map((b, i) => (i === who ? { ...b, choice: 'approve' as const } : b));
          expect(run(policy, roster, castOnly(more), nowMs).state).toBe('approved');
        },
      ),
      { numRuns: 400 },
    );
    expect(approved).toBeGreaterThan(30);
  });

  it('(d) is invariant when every weight is multiplied by the same factor, up to weights of 2^40', () => {
    fc.assert(
      fc.property(
        rosterArb(8).chain((roster) =>
          fc.record({ roster: fc.constant(roster), policy: policyArb(), log: logArb(roster), nowMs: msArb }),
        ),
        fc.oneof(fc.integer({ min: 2, max: 1000 }), fc.integer({ min: 2 ** 30, max: 2 ** 35 })),
        ({ roster, policy, log, nowMs }, k) => {
          const scaled = roster.map((v) => ({ ...v, weight: v.weight * k }));
          for (const at of [nowMs, DEADLINE_MS]) {
            const d = run(policy, roster, log, at);
            const s = run(policy, scaled, log, at);
            expect([s.state, s.closedBy, s.closedAt, s.checks]).toEqual([
              d.state,
              d.closedBy,
              d.closedAt,
              d.checks,
            ]);
            const { W, A, R, B, U } = d.tally;
            expect(s.tally).toEqual({ ...d.tally, W: W * k, A: A * k, R: R * k, B: B * k, U: U * k });
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('(e) decides thresholds exactly with weights around 2^45, where floating point cannot', () => {
    // Builds x, y > 0 with x·(10000 − b) − b·y = d, so that "x × 10000 ≥ b × (x + y)" holds exactly
    // when d ≥ 0. The answer is known by construction, independently of the code under test.
    let floatWrong = 0;
    const coprimeBps = fc.integer({ min: 1, max: 9999 }).filter((b) => b % 2 !== 0 && b % 5 !== 0);
    fc.assert(
      fc.property(
        coprimeBps,
        fc.constantFrom(-1n, 0n, 1n),
        fc.bigInt({ min: 2n ** 30n, max: 2n ** 32n }),
        (b, d, t) => {
          const [u, v] = unitSolution(BigInt(BPS - b), BigInt(b));
          const x = Number(d * u + BigInt(b) * t);
          const y = Number(d * v + BigInt(BPS - b) * t);
          const roster = freezeRoster(
            [
              { voterId: 'x', weight: x, groups: [] },
              { voterId: 'y', weight: y, groups: [] },
            ],
            [],
          );
          const policy = {
            mode: 'quorum',
            quorumBps: b,
            approvalBps: b,
            minApprovers: 0,
            requiredGroups: [],
            vetoGroups: [],
            votingPeriodSeconds: PERIOD_SECONDS,
            earlyDecision: false,
          } as const;
          const at = new Date(OPENED_MS);
          // Ratio: x approves and y rejects. Quorum: x abstains and y does not vote.
          const ratio = run(
            policy,
            roster,
            [
              { voterId: 'x', choice: 'approve', at },
              { voterId: 'y', choice: 'reject', at },
            ],
            DEADLINE_MS,
          );
          const quorum = run(policy, roster, [{ voterId: 'x', choice: 'abstain', at }], DEADLINE_MS);
          expect(ratio.checks.ratioMet).toBe(d >= 0n);
          expect(quorum.checks.quorumMet).toBe(d >= 0n);
          if (x * BPS >= b * (x + y) !== d >= 0n) floatWrong += 1;
        },
      ),
      { numRuns: 200 },
    );
    // The cases generated are ones a floating-point implementation would get wrong.
    expect(floatWrong).toBeGreaterThan(20);
  });

  it('(f) once closed, stays closed the same way whenever it is evaluated later', () => {
    fc.assert(
      fc.property(
        rosterArb(6).chain((roster) =>
          fc.record({ roster: fc.constant(roster), policy: policyArb(), log: logArb(roster) }),
        ),
        fc.integer({ min: OPENED_MS, max: DEADLINE_MS + 1000 }),
        fc.integer({ min: 0, max: 2 * PERIOD_SECONDS * 1000 }),
        ({ roster, policy, log }, nowMs, laterBy) => {
          const d = run(policy, roster, log, nowMs);
          if (d.state === 'open') return;
          const later = run(policy, roster, log, nowMs + laterBy);
          expect([later.state, later.closedBy, later.closedAt, later.tally]).toEqual([
            d.state,
            d.closedBy,
            d.closedAt,
            d.tally,
          ]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('(g) at the deadline without vetoes, agrees with a direct reading of the formulas', () => {
    fc.assert(
      fc.property(
        rosterArb(8).chain((roster) =>
          fc.record({
            roster: fc.constant(roster),
            policy: policyArb(fc.constant(false)).map((p) => ({ ...p, vetoGroups: [] })),
            log: logArb(roster),
          }),
        ),
        ({ roster, policy, log }) => {
          expect(run(policy, roster, log, DEADLINE_MS).state).toBe(referenceOutcome(policy, roster, log));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('(h) reports checks and formulas that justify its state', () => {
    fc.assert(
      fc.property(
        rosterArb(6).chain((roster) =>
          fc.record({ roster: fc.constant(roster), policy: policyArb(), log: logArb(roster) }),
        ),
        fc.oneof(msArb, fc.constant(DEADLINE_MS)),
        ({ roster, policy, log }, nowMs) => {
          const d = run(policy, roster, log, nowMs);
          const c = d.checks;
          const approvable =
            c.quorumMet && c.ratioMet && c.minApproversMet && c.requiredGroupsMet && !c.vetoed;
          if (d.closedBy === 'veto') expect(c.vetoed).toBe(true);
          else expect(c.vetoed).toBe(false);
          if (d.state === 'approved') expect(approvable).toBe(true);
          if (d.closedBy === 'deadline') {
            expect(d.state).toBe(approvable ? 'approved' : c.quorumMet ? 'rejected' : 'expired');
          }
          expect(Object.fromEntries(d.explanation.formulas.map((l) => [l.check, l.holds]))).toEqual(c);
          const { W, A, R, B, U } = d.tally;
          expect(A + R + B + U).toBe(W);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** (u, v) with p·u − q·v = 1, for coprime p and q (extended Euclid). */
function unitSolution(p: bigint, q: bigint): [bigint, bigint] {
  let [r0, r1, s0, s1, t0, t1] = [p, q, 1n, 0n, 0n, 1n];
  while (r1 !== 0n) {
    const k = r0 / r1;
    [r0, r1, s0, s1, t0, t1] = [r1, r0 - k * r1, s1, s0 - k * s1, t1, t0 - k * t1];
  }
  expect(r0).toBe(1n);
  return [s0, -t0];
}

/** DESIGN.md's deadline rule, written out independently: last vote per voter, sums, formulas. */
function referenceOutcome(policy: ConsensusPolicy, roster: Roster, log: readonly Vote[]): string {
  const last = new Map<string, VoteChoice>();
  [...log].sort((x, y) => x.at.getTime() - y.at.getTime()).forEach((v) => last.set(v.voterId, v.choice));
  const sum = (choice: VoteChoice) =>
    roster.filter((v) => last.get(v.voterId) === choice).reduce((acc, v) => acc + BigInt(v.weight), 0n);
  const [A, R, B] = [sum('approve'), sum('reject'), sum('abstain')];
  const W = roster.reduce((acc, v) => acc + BigInt(v.weight), 0n);
  const approvers = roster.filter((v) => last.get(v.voterId) === 'approve');
  const quorumMet = W > 0n && (A + R + B) * 10000n >= BigInt(policy.quorumBps) * W;
  const ratioMet = A > 0n && A * 10000n >= BigInt(policy.approvalBps) * (A + R);
  const groupsMet = policy.requiredGroups.every((g) => approvers.some((v) => v.groups.includes(g)));
  if (quorumMet && ratioMet && approvers.length >= policy.minApprovers && groupsMet) return 'approved';
  return quorumMet ? 'rejected' : 'expired';
}
