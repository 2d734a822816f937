import { settled } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerEvents } from './support/ledger';
import { bearer, createPerson, Person } from './support/people';
import { closedDecision, openReview, quickPeople, quorumClass, vote } from './support/quorum';
import { jobId, JobName, QueueName, QueueProducer } from '../libs/queues/src';

describe('decisions under pressure', () => {
  let q: Quorate;
  let admin: Person;

  beforeAll(async () => {
    q = await startQuorate({ env: { RECONCILE_INTERVAL_MS: '500' } });
    admin = await createPerson(q, 'admin');
  });
  afterAll(() => q.close());

  it('counts each of 200 simultaneous votes once, closes once and releases once', async () => {
    const voters = await quickPeople(q, 200);
    const cls = await quorumClass(q, admin, {
      policy: { quorumBps: 10000 },
      weights: voters.map((v) => [v, 1] as [Person, number]),
    });
    const { assetId, decisionId } = await openReview(q, cls);

    const responses = await Promise.all(voters.map((v) => vote(q, v, decisionId, 'approve')));
    const failed = responses.filter((r) => r.status !== 201);
    expect(failed.map((r) => [r.status, r.body.message])).toEqual([]);
    // Each answer shows the decision as it stood when read, so the last ones may all show it approved.
    expect(responses.filter((r) => r.body.state === 'approved').length).toBeGreaterThanOrEqual(1);

    expect((await settled(q.http, cls.botKey, assetId)).status).toBe('released');
    const [{ votes, voters: distinct }] = await q.db.query(
      `SELECT count(*)::int AS votes, count(DISTINCT voter_id)::int AS voters FROM votes WHERE decision_id = $1`,
      [decisionId],
    );
    expect({ votes, distinct }).toEqual({ votes: 200, distinct: 200 });
    const kinds = (await ledgerEvents(q.db, 'asset_id = $1', [assetId])).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'vote.cast')).toHaveLength(200);
    expect(kinds.filter((k) => k === 'decision.closed')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'version.released')).toHaveLength(1);
    const view = await q.http.get(`/v1/decisions/${decisionId}`).set(bearer(admin.accessToken)).expect(200);
    expect(view.body.tally).toMatchObject({ W: 200, A: 200, R: 0, B: 0, U: 0, approvers: 200 });
  }, 180_000);

  it('closes a decision whose deadline job was removed from Redis within one reconciler period', async () => {
    const [voter] = await quickPeople(q, 1);
    const cls = await quorumClass(q, admin, {
      policy: { votingPeriodSeconds: 2, quorumBps: 10000 },
      weights: [[voter, 1]],
    });
    const { decisionId } = await openReview(q, cls);
    const queue = q.api.get(QueueProducer).queue(QueueName.Decisions);
    const job = await queue.getJob(jobId(JobName.CloseDecision, decisionId));
    expect(job).toBeDefined();
    await job!.remove();
    expect(await queue.getJob(jobId(JobName.CloseDecision, decisionId))).toBeUndefined();

    const closed = await closedDecision(q, admin, decisionId, 2_000 + 500 + 2_000);
    expect(closed).toMatchObject({ state: 'expired', closedBy: 'deadline' });
    // Closed at the deadline, not whenever the reconciler noticed.
    expect(closed.closedAt).toBe(closed.deadline);
  });

  it('keeps an open decision on the policy and weights it froze when it opened', async () => {
    const [a, b, c] = await quickPeople(q, 3);
    const cls = await quorumClass(q, admin, {
      policy: { approvalBps: 5000 },
      weights: [
        [a, 1],
        [b, 1],
        [c, 1],
      ],
    });
    const { decisionId } = await openReview(q, cls);
    const before = await q.http.get(`/v1/decisions/${decisionId}`).set(bearer(admin.accessToken)).expect(200);

    const auth = bearer(admin.accessToken);
    await q.http
      .post('/v1/policies')
      .set(auth)
      .send({
        ...before.body.policy,
        id: undefined,
        version: undefined,
        classKey: cls.classKey,
        approvalBps: 9000,
        quorumBps: 10000,
      })
      .expect(201);
    await q.http
      .put(`/v1/stakeholders/${a.id}/weights/${cls.classKey}`)
      .set(auth)
      .send({ weight: 50 })
      .expect(200);
    await q.http
      .put(`/v1/stakeholders/${c.id}/weights/${cls.classKey}`)
      .set(auth)
      .send({ weight: 0 })
      .expect(200);

    // Under the new rules a (weight 50) rejecting would decide; under the frozen ones it is one vote in three.
    expect((await vote(q, a, decisionId, 'reject')).body.state).toBe('open');
    expect((await vote(q, b, decisionId, 'approve')).body.state).toBe('open');
    const last = await vote(q, c, decisionId, 'approve');
    expect(last.status).toBe(201);
    expect(last.body).toMatchObject({ state: 'approved', policy: { version: 1, approvalBps: 5000 } });
    expect(last.body.roster.map((r: { weight: number }) => r.weight)).toEqual([1, 1, 1]);

    // A decision opened now uses the new version.
    const next = await openReview(q, cls);
    const view = await q.http.get(`/v1/decisions/${next.decisionId}`).set(auth).expect(200);
    expect(view.body.policy).toMatchObject({ version: 2, approvalBps: 9000 });
  });

  it('dry-runs a policy change against past decisions and lists those it would have changed', async () => {
    const [a, b] = await quickPeople(q, 2);
    const cls = await quorumClass(q, admin, {
      weights: [
        [a, 1],
        [b, 1],
      ],
    });
    const tie = await openReview(q, cls);
    await vote(q, a, tie.decisionId, 'approve'); // a tie at worst: approved at once
    const clear = await openReview(q, cls);
    await vote(q, a, clear.decisionId, 'approve');
    const policies = await q.http
      .get(`/v1/policies?classKey=${cls.classKey}`)
      .set(bearer(admin.accessToken))
      .expect(200);

    const dry = await q.http
      .post(`/v1/policies/${policies.body[0].id}/dry-run`)
      .set(bearer(admin.accessToken))
      .send({ approvalBps: 6000 })
      .expect(200);
    expect(dry.body.examined).toBe(2);
    expect(dry.body.changed.map((c: { id: string; before: string }) => [c.id, c.before]).sort()).toEqual(
      [
        [tie.decisionId, 'approved'],
        [clear.decisionId, 'approved'],
      ].sort(),
    );
    const unchanged = await q.http
      .post(`/v1/policies/${policies.body[0].id}/dry-run`)
      .set(bearer(admin.accessToken))
      .send({ approvalBps: 5000 })
      .expect(200);
    expect(unchanged.body.changed).toEqual([]);
    await q.http
      .post(`/v1/policies/${policies.body[0].id}/dry-run`)
      .set(bearer(admin.accessToken))
      .send({ approvalBps: 20000 })
      .expect(400);
  });
});
