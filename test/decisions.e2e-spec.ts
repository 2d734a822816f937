import { settled, sha256, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson, Person } from './support/people';
import {
  closedDecision,
  joinGroup,
  openReview,
  PolicyInput,
  quickPeople,
  quorumClass,
  vote,
} from './support/quorum';

type Voter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

interface Scenario {
  name: string;
  policy?: PolicyInput;
  weights: Partial<Record<Voter, number>>;
  voterGroups?: string[];
  owner?: Voter;
  /** Votes in order; a vote the API must refuse names the status it expects. */
  votes: Array<[Voter, 'approve' | 'reject' | 'abstain'] | [Voter, 'approve' | 'reject' | 'abstain', 403]>;
  outcome: 'approved' | 'rejected' | 'expired';
  /** The 1-based position (refused votes included) of the vote that closes it, or 'deadline'. */
  closesAt: number | 'deadline';
}

// Groups: A, B brand; C legal; D exec; E, F none.
const SCENARIOS: Scenario[] = [
  {
    name: 'a simple majority once quorum is reached',
    weights: { A: 1, B: 1, C: 1 },
    votes: [
      ['A', 'approve'],
      ['B', 'approve'],
    ],
    outcome: 'approved',
    closesAt: 2,
  },
  {
    name: 'a tie at the approval threshold is enough, so one of two equal approvals decides',
    weights: { A: 1, B: 1 },
    votes: [
      ['A', 'approve'],
      ['B', 'reject'],
    ],
    outcome: 'approved',
    closesAt: 1,
  },
  {
    name: 'one basis point over a tie rejects',
    policy: { approvalBps: 5001 },
    weights: { A: 1, B: 1 },
    votes: [
      ['A', 'approve'],
      ['B', 'reject'],
    ],
    outcome: 'rejected',
    closesAt: 2,
  },
  {
    name: 'quorum exactly met by abstentions',
    policy: { quorumBps: 6000, approvalBps: 3000 },
    weights: { A: 1, B: 1, C: 1, D: 1, E: 1 },
    votes: [
      ['A', 'approve'],
      ['B', 'abstain'],
      ['C', 'abstain'],
    ],
    outcome: 'approved',
    closesAt: 3,
  },
  {
    name: 'abstentions alone reach quorum but approve nothing',
    weights: { A: 1, B: 1 },
    votes: [
      ['A', 'abstain'],
      ['B', 'abstain'],
    ],
    outcome: 'rejected',
    closesAt: 2,
  },
  {
    name: 'a veto decides at once',
    policy: { vetoGroups: ['legal'] },
    weights: { A: 5, C: 1 },
    votes: [
      ['A', 'approve'],
      ['C', 'reject'],
    ],
    outcome: 'rejected',
    closesAt: 2,
  },
  {
    name: 'a veto counts even when cast first',
    policy: { vetoGroups: ['legal'] },
    weights: { A: 5, B: 5, C: 1 },
    votes: [['C', 'reject']],
    outcome: 'rejected',
    closesAt: 1,
  },
  {
    name: 'an approval from a veto group is no veto',
    policy: { vetoGroups: ['legal'] },
    weights: { A: 1, C: 1 },
    votes: [
      ['C', 'approve'],
      ['A', 'approve'],
    ],
    outcome: 'approved',
    closesAt: 1,
  },
  {
    name: 'early approval waits while a veto holder has not voted',
    policy: { vetoGroups: ['legal'] },
    weights: { A: 5, B: 5, C: 1 },
    votes: [
      ['A', 'approve'],
      ['B', 'approve'],
      ['C', 'approve'],
    ],
    outcome: 'approved',
    closesAt: 3,
  },
  {
    name: 'a missing required group rejects',
    policy: { requiredGroups: ['legal'] },
    weights: { A: 1, B: 1, C: 1 },
    votes: [
      ['A', 'approve'],
      ['B', 'approve'],
      ['C', 'reject'],
    ],
    outcome: 'rejected',
    closesAt: 3,
  },
  {
    name: 'a required group that approved',
    policy: { requiredGroups: ['legal'] },
    weights: { A: 1, B: 1, C: 1 },
    votes: [
      ['A', 'approve'],
      ['C', 'approve'],
    ],
    outcome: 'approved',
    closesAt: 2,
  },
  {
    name: 'minApprovers holds the approval back',
    policy: { minApprovers: 3 },
    weights: { A: 1, B: 1, C: 1, D: 1 },
    votes: [
      ['A', 'approve'],
      ['B', 'approve'],
      ['C', 'approve'],
    ],
    outcome: 'approved',
    closesAt: 3,
  },
  {
    name: 'minApprovers out of reach rejects',
    policy: { minApprovers: 3 },
    weights: { A: 1, B: 1, C: 1 },
    votes: [
      ['A', 'approve'],
      ['B', 'reject'],
    ],
    outcome: 'rejected',
    closesAt: 2,
  },
  {
    name: 'a heavy approver decides alone',
    weights: { A: 10, B: 1, C: 1 },
    votes: [['A', 'approve']],
    outcome: 'approved',
    closesAt: 1,
  },
  {
    name: 'a heavy rejecter decides alone',
    weights: { A: 10, B: 1, C: 1 },
    votes: [['A', 'reject']],
    outcome: 'rejected',
    closesAt: 1,
  },
  {
    name: 'a changed vote: the last one counts',
    weights: { A: 1, B: 1, C: 1 },
    votes: [
      ['A', 'approve'],
      ['A', 'reject'],
      ['B', 'approve'],
      ['C', 'reject'],
    ],
    outcome: 'rejected',
    closesAt: 4,
  },
  {
    name: 'a super-majority out of reach rejects early',
    policy: { approvalBps: 7000 },
    weights: { A: 1, B: 1, C: 1, D: 1 },
    votes: [
      ['A', 'reject'],
      ['B', 'reject'],
    ],
    outcome: 'rejected',
    closesAt: 2,
  },
  {
    name: 'full quorum waits for the last voter',
    policy: { quorumBps: 10000 },
    weights: { A: 1, B: 1, C: 1 },
    votes: [
      ['A', 'approve'],
      ['B', 'approve'],
      ['C', 'abstain'],
    ],
    outcome: 'approved',
    closesAt: 3,
  },
  {
    name: 'the bot owner cannot approve its own work',
    owner: 'A',
    weights: { A: 5, B: 1, C: 1 },
    votes: [
      ['A', 'approve', 403],
      ['B', 'approve'],
      ['C', 'approve'],
    ],
    outcome: 'approved',
    closesAt: 2,
  },
  {
    name: 'weight 0 is no vote',
    weights: { A: 0, B: 1 },
    votes: [
      ['A', 'approve', 403],
      ['B', 'approve'],
    ],
    outcome: 'approved',
    closesAt: 2,
  },
  {
    name: 'only the class voter groups vote',
    voterGroups: ['brand'],
    weights: { A: 1, C: 1 },
    votes: [
      ['C', 'approve', 403],
      ['A', 'approve'],
    ],
    outcome: 'approved',
    closesAt: 2,
  },
  {
    name: 'expiry when quorum never comes',
    policy: { quorumBps: 8000, votingPeriodSeconds: 2 },
    weights: { A: 1, B: 1, C: 1, D: 1, E: 1 },
    votes: [['A', 'approve']],
    outcome: 'expired',
    closesAt: 'deadline',
  },
  {
    name: 'without early decision, approval waits for the deadline',
    policy: { earlyDecision: false, votingPeriodSeconds: 2 },
    weights: { A: 1, B: 1, C: 1 },
    votes: [
      ['A', 'approve'],
      ['B', 'approve'],
    ],
    outcome: 'approved',
    closesAt: 'deadline',
  },
  {
    name: 'without early decision, rejection at the deadline',
    policy: { earlyDecision: false, votingPeriodSeconds: 2 },
    weights: { A: 1, B: 1, C: 1 },
    votes: [
      ['A', 'approve'],
      ['B', 'reject'],
      ['C', 'reject'],
    ],
    outcome: 'rejected',
    closesAt: 'deadline',
  },
  {
    name: 'no votes at all expire',
    policy: { votingPeriodSeconds: 2 },
    weights: { A: 1 },
    votes: [],
    outcome: 'expired',
    closesAt: 'deadline',
  },
  {
    name: 'a changed vote flips the outcome at the deadline',
    policy: { earlyDecision: false, votingPeriodSeconds: 2 },
    weights: { A: 1, B: 1 },
    votes: [
      ['A', 'reject'],
      ['B', 'approve'],
      ['A', 'approve'],
    ],
    outcome: 'approved',
    closesAt: 'deadline',
  },
];

describe('weighted-quorum decisions through the API', () => {
  let q: Quorate;
  let admin: Person;
  let people: Record<Voter, Person>;

  beforeAll(async () => {
    q = await startQuorate({ env: { RECONCILE_INTERVAL_MS: '300' } });
    admin = await createPerson(q, 'admin');
    const [A, B, C, D, E, F] = await quickPeople(q, 6);
    people = { A, B, C, D, E, F };
    await joinGroup(q, admin, 'brand', A);
    await joinGroup(q, admin, 'brand', B);
    await joinGroup(q, admin, 'legal', C);
    await joinGroup(q, admin, 'exec', D);
  });
  afterAll(() => q.close());

  it(`has a table of at least 25 scenarios`, () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const cls = await quorumClass(q, admin, {
      policy: scenario.policy,
      voterGroups: scenario.voterGroups,
      owner: scenario.owner ? people[scenario.owner] : undefined,
      weights: Object.entries(scenario.weights).map(([v, w]) => [people[v as Voter], w]),
    });
    const { assetId, decisionId } = await openReview(q, cls);
    let closedAt: number | 'deadline' | undefined;
    for (const [i, [voter, choice, refusal]] of scenario.votes.entries()) {
      const response = await vote(q, people[voter], decisionId, choice);
      if (refusal) {
        expect(response.status).toBe(refusal);
        continue;
      }
      expect(response.status).toBe(201);
      if (response.body.state !== 'open') {
        closedAt = i + 1;
        break;
      }
    }
    const final = await closedDecision(q, admin, decisionId, 10_000);
    expect({ outcome: final.state, closesAt: closedAt ?? 'deadline' }).toEqual({
      outcome: scenario.outcome,
      closesAt: scenario.closesAt,
    });
    expect(final.closedBy).toEqual(
      scenario.closesAt === 'deadline' ? 'deadline' : expect.stringMatching(/^(early|veto)$/),
    );
    expect(final.explanation).toBeDefined();
    const asset = await settled(q.http, cls.botKey, assetId);
    expect(asset.status).toBe(scenario.outcome === 'approved' ? 'released' : scenario.outcome);
  });

  it('refuses a vote on a closed decision, a reject without a reason, and a bot', async () => {
    const cls = await quorumClass(q, admin, { weights: [[people.A, 1]] });
    const { decisionId } = await openReview(q, cls);
    const noReason = await q.http
      .post(`/v1/decisions/${decisionId}/votes`)
      .set(bearer(people.A.accessToken))
      .send({ choice: 'reject' })
      .expect(422);
    expect(noReason.body.message).toMatch(/reason/);
    await q.http
      .post(`/v1/decisions/${decisionId}/votes`)
      .set(bearer(cls.botKey))
      .send({ choice: 'approve' })
      .expect(403);
    await q.http
      .post(`/v1/decisions/${decisionId}/votes`)
      .set(bearer(people.A.accessToken))
      .send({ choice: 'maybe' })
      .expect(400);
    await q.http
      .patch(`/v1/stakeholders/${people.A.id}`)
      .set(bearer(admin.accessToken))
      .send({ displayName: 'Ada Lovelace' })
      .expect(200);
    const approved = (await vote(q, people.A, decisionId, 'approve')).body;
    expect(approved.state).toBe('approved');
    // Reviewers see who voted by name, not by id.
    expect(approved.voterNames).toEqual({ [people.A.id]: 'Ada Lovelace' });
    expect((await vote(q, people.A, decisionId, 'reject')).status).toBe(409);
  });

  it('keeps the votes of a metadata-only new version, and drops them when the content changes', async () => {
    const cls = await quorumClass(q, admin, {
      weights: [
        [people.A, 1],
        [people.B, 1],
        [people.C, 1],
      ],
    });
    const first = await openReview(q, cls);
    expect((await vote(q, people.A, first.decisionId, 'approve')).body.state).toBe('open');

    const same = textAsset(first.text, { classKey: cls.classKey, title: 'Retitled', baseVersion: 1 });
    await q.http.post(`/v1/assets/${first.assetId}/versions`).set(bearer(cls.botKey)).send(same).expect(202);
    expect((await settled(q.http, cls.botKey, first.assetId)).status).toBe('in_review');
    const v2 = await q.http
      .get(`/v1/assets/${first.assetId}/versions/2/decision`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(v2.body.votes).toEqual([
      expect.objectContaining({ voterId: people.A.id, choice: 'approve', carriedFrom: first.decisionId }),
    ]);
    const old = await q.http
      .get(`/v1/decisions/${first.decisionId}`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(old.body.state).toBe('superseded');

    const changed = textAsset('Different words', { classKey: cls.classKey, baseVersion: 2 });
    await q.http
      .post(`/v1/assets/${first.assetId}/versions`)
      .set(bearer(cls.botKey))
      .send(changed)
      .expect(202);
    expect((await settled(q.http, cls.botKey, first.assetId)).status).toBe('in_review');
    const v3 = await q.http
      .get(`/v1/assets/${first.assetId}/versions/3/decision`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(v3.body.votes).toEqual([]);
    // With A's vote carried, B alone would have approved v2; on v3 B alone is a third of the weight.
    expect((await vote(q, people.B, v3.body.id, 'approve')).body.state).toBe('open');
  });

  it('answers a stale baseVersion with a 409 that names the current version', async () => {
    const cls = await quorumClass(q, admin, { weights: [[people.A, 1]] });
    const { assetId } = await openReview(q, cls);
    const body = textAsset('v2', { classKey: cls.classKey, baseVersion: 1 });
    await q.http.post(`/v1/assets/${assetId}/versions`).set(bearer(cls.botKey)).send(body).expect(202);
    const stale = await q.http
      .post(`/v1/assets/${assetId}/versions`)
      .set(bearer(cls.botKey))
      .send({ ...body, text: 'v3', sha256: sha256('v3') })
      .expect(409);
    expect(stale.body).toMatchObject({ statusCode: 409, details: { currentVersion: 2 } });
  });

  it('lists open reviews in the inbox, most urgent first, without the ones I may not vote on', async () => {
    const later = await quorumClass(q, admin, {
      policy: { votingPeriodSeconds: 7200 },
      weights: [
        [people.E, 1],
        [people.F, 1],
      ],
    });
    const sooner = await quorumClass(q, admin, {
      policy: { votingPeriodSeconds: 600 },
      weights: [
        [people.E, 2],
        [people.F, 1],
      ],
    });
    const notMine = await quorumClass(q, admin, { weights: [[people.F, 1]] });
    const a = await openReview(q, later);
    const b = await openReview(q, sooner);
    await openReview(q, notMine);
    const inbox = await q.http.get('/v1/reviews/inbox').set(bearer(people.E.accessToken)).expect(200);
    expect(inbox.body.map((i: any) => i.decisionId)).toEqual([b.decisionId, a.decisionId]);
    expect(inbox.body[0]).toMatchObject({ myWeight: 2, myVote: null, classKey: sooner.classKey });
  });
});
