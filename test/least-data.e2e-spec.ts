import { LedgerService } from '../libs/core/src/ledger/ledger.service';
import { ValidationService } from '../libs/core/src/pipeline/validation.service';
import { sha256, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerEvents, ledgerSettled } from './support/ledger';
import { bearer, createPerson, Person } from './support/people';
import { quorumClass, vote } from './support/quorum';

/** What each kind of caller is shown: bots no reviewer identities, the ledger no personal data. */
describe('least data', () => {
  let q: Quorate;
  let admin: Person;
  let reviewer: Person;
  let other: Person;

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
    admin = await createPerson(q, 'admin', 'ada.admin@example.com');
    reviewer = await createPerson(q, 'reviewer', 'rowan.reviewer@example.com');
    other = await createPerson(q, 'reviewer', 'otto.other@example.com');
  });
  afterAll(() => q.close());

  /** Everything that would single out a reviewer, as it could appear anywhere in a response. */
  const identities = () => [reviewer.id, reviewer.email, other.id, other.email, 'Rowan', 'a private reason'];

  it('shows a bot the outcome and the tally of its decision, never who voted or why', async () => {
    await q.http.patch(`/v1/stakeholders/${reviewer.id}`).set(bearer(admin.accessToken)).send({
      displayName: 'Rowan',
    });
    const cls = await quorumClass(q, admin, {
      policy: { quorumBps: 10000, approvalBps: 5000 },
      weights: [
        [reviewer, 2],
        [other, 1],
      ],
    });
    const assetId = await submit(
      q.http,
      cls.botKey,
      textAsset('Copy for review', { classKey: cls.classKey }),
    );
    const [{ id: versionId }] = await q.db.query(`SELECT id FROM asset_versions WHERE asset_id = $1`, [
      assetId,
    ]);
    expect(await q.api.get(ValidationService).validate(versionId)).toBe('in_review');
    const [{ id: decisionId }] = await q.db.query(`SELECT id FROM decisions WHERE version_id = $1`, [
      versionId,
    ]);
    expect((await vote(q, reviewer, decisionId, 'approve', 'a private reason')).status).toBe(201);
    expect((await vote(q, other, decisionId, 'reject', 'a private reason too')).status).toBe(201);

    const asBot = (path: string) => q.http.get(path).set(bearer(cls.botKey)).expect(200);
    const decision = await asBot(`/v1/assets/${assetId}/versions/1/decision`);
    expect(decision.body).toMatchObject({
      id: decisionId,
      state: 'approved',
      tally: { W: 3, A: 2, R: 1, U: 0 },
      voters: { total: 2, approve: 1, reject: 1, abstain: 0, uncast: 0 },
      explanation: { ignoredVotes: 0 },
    });
    expect(decision.body).not.toHaveProperty('roster');
    expect(decision.body).not.toHaveProperty('votes');
    expect(decision.body).not.toHaveProperty('voterNames');
    const reads = [
      decision,
      await asBot(`/v1/assets/${assetId}`),
      await asBot(`/v1/assets/${assetId}/versions/1`),
      await asBot(`/v1/assets/${assetId}/versions/1/validation`),
      await asBot(`/v1/assets?classKey=${cls.classKey}`),
    ];
    for (const read of reads) {
      const text = JSON.stringify(read.body);
      for (const identity of identities()) expect(text).not.toContain(identity);
    }

    // People still see who voted, on the same route.
    const full = await q.http
      .get(`/v1/assets/${assetId}/versions/1/decision`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(full.body.votes.map((v: { voterId: string }) => v.voterId)).toEqual([reviewer.id, other.id]);

    // Webhooks reach bots too: the vote events carry no voter.
    const payloads = await q.db.query<{ payload: unknown }[]>(
      `SELECT payload FROM webhook_deliveries WHERE event = 'vote.cast'`,
    );
    for (const { payload } of payloads) expect(JSON.stringify(payload)).not.toContain(reviewer.id);

    // The ledger commits to each reason by its hash.
    const votes = (await ledgerEvents(q.db, `kind = 'vote.cast' AND asset_id = $1`, [assetId])).map(
      (e) => e.data,
    );
    expect(votes).toEqual([
      { decisionId, choice: 'approve', reasonSha256: sha256('a private reason'), weight: 2 },
      { decisionId, choice: 'reject', reasonSha256: sha256('a private reason too'), weight: 1 },
    ]);
  });

  it('writes ids and hashes, not e-mail addresses, webhook URLs or reasons, into new entries', async () => {
    const auth = bearer(admin.accessToken);
    const person = await q.http
      .post('/v1/stakeholders')
      .set(auth)
      .send({ email: 'new.person@example.com', role: 'reviewer' })
      .expect(201);
    const url = 'https://hooks.example.com/capability/s3cr3t-t0k3n';
    const hook = await q.http
      .post('/v1/webhooks')
      .set(auth)
      .send({ url, events: ['vote.cast'] });
    expect(hook.status).toBe(201);
    const blocked = sha256('blocked bytes');
    await q.http
      .post('/v1/blocklist')
      .set(auth)
      .send({ sha256: blocked, reason: 'Leaked by a named contractor' })
      .expect(201);

    const events = (
      await ledgerEvents(q.db, `kind IN ('identity.person_created', 'webhook.registered', 'blocklist.added')`)
    ).filter((e) => e.actor?.id === admin.id);
    const byKind = Object.fromEntries(events.map((e) => [e.kind, e.data]));
    expect(byKind['identity.person_created']).toEqual({ userId: person.body.person.id, role: 'reviewer' });
    expect(byKind['webhook.registered']).toEqual({
      webhookId: hook.body.webhook.id,
      urlSha256: sha256(url),
      kind: 'standard',
      events: ['vote.cast'],
    });
    expect(byKind['blocklist.added']).toEqual({
      sha256: blocked,
      reasonSha256: sha256('Leaked by a named contractor'),
    });

    // Ids are what the log is for; what identifies a person outside it, or grants access, is not.
    const all = JSON.stringify(await ledgerEvents(q.db));
    const clear = [
      'new.person@example.com',
      url,
      'Leaked by a named contractor',
      'a private reason',
      'Rowan',
    ];
    for (const people of [admin, reviewer, other]) clear.push(people.email);
    for (const text of clear) expect(all).not.toContain(text);
  });

  it('withholds older entries that hold personal data from reviewers, and they still verify', async () => {
    // Entries as the log wrote them before it held hashes instead.
    await q.db.transaction((em) =>
      q.api.get(LedgerService).appendMany(em, [
        {
          kind: 'identity.person_created',
          assetId: null,
          actor: { type: 'system', id: 'test' },
          data: { userId: other.id, email: other.email, role: 'reviewer' },
        },
        {
          kind: 'webhook.registered',
          assetId: null,
          actor: { type: 'system', id: 'test' },
          data: { webhookId: other.id, url: 'https://old.example.com/hook/t0k3n', events: ['vote.cast'] },
        },
      ]),
    );
    await ledgerSettled(q.db);
    const page = async (person: Person) =>
      (await q.http.get('/v1/ledger/entries?limit=1000').set(bearer(person.accessToken)).expect(200)).body;

    const forReviewer = await page(reviewer);
    const text = JSON.stringify(forReviewer);
    expect(text).not.toContain(other.email);
    expect(text).not.toContain(Buffer.from(other.email).toString('base64').slice(0, 12));
    const withheld = forReviewer.entries.filter((e: { envelope: string | null }) => e.envelope === null);
    expect(withheld.map((e: { kind: string; withheld: string[] }) => [e.kind, e.withheld])).toEqual([
      ['identity.person_created', ['email']],
      ['webhook.registered', ['url']],
    ]);
    for (const entry of withheld) expect(entry.leafHash).toMatch(/^[0-9a-f]{64}$/);
    // Every other entry, including every one written today, comes whole.
    expect(forReviewer.entries.length - withheld.length).toBeGreaterThan(10);

    const forAdmin = await page(admin);
    expect(forAdmin.entries.every((e: { envelope: string | null }) => typeof e.envelope === 'string')).toBe(
      true,
    );
    expect(forAdmin.entries.map((e: { leafHash: string }) => e.leafHash)).toEqual(
      forReviewer.entries.map((e: { leafHash: string }) => e.leafHash),
    );

    const audit = await q.http.get('/v1/ledger/audit').set(bearer(admin.accessToken)).expect(200);
    expect(audit.body).toMatchObject({ ok: true, firstBadIndex: null, problems: [] });
  });

  it('describes what a bot gets, the quota and the withdrawal in the OpenAPI document', async () => {
    const { body } = await q.http.get('/docs-json').expect(200);
    const decision = body.paths['/v1/assets/{id}/versions/{n}/decision'].get;
    expect(JSON.stringify(decision.responses['200'])).toContain('#/components/schemas/BotDecisionDto');
    expect(Object.keys(body.components.schemas.BotDecisionDto.properties)).not.toContain('votes');
    for (const path of ['/v1/assets', '/v1/assets/{id}/versions'])
      expect(body.paths[path].post.responses['429'].headers).toHaveProperty('Retry-After');
    const withdraw = body.paths['/v1/assets/{id}/versions/{n}/withdraw'].post;
    expect(Object.keys(withdraw.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '503']);
    expect(body.components.schemas.LedgerEntryDto.properties).toHaveProperty('withheld');
  });
});
