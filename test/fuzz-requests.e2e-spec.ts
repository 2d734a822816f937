import fc from 'fast-check';
import { submit, textAsset } from './support/assets';
import {
  changedTables,
  describeExchange,
  fuzzParameters,
  problemsWith,
  rowCounter,
  send,
} from './support/fuzz-check';
import { requestFor, RequestContext } from './support/fuzz-requests';
import { FuzzTarget, fuzzTargets, KnownIds, knownParams, sampleBodies } from './support/fuzz-targets';
import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson } from './support/people';

/**
 * Property: whatever a client sends to any route (broken JSON, wrong types, huge or odd strings,
 * prototype keys, deep nesting, bad path and query values), the answer is below 500, every error is
 * in the one JSON shape, and a refused request leaves every table's row count as it was.
 */
describe('fuzzing every route', () => {
  let q: Quorate;
  let targets: FuzzTarget[];
  let ctx: RequestContext;

  beforeAll(async () => {
    q = await startQuorate({
      worker: false,
      env: { MAX_CONTENT_BYTES: '4096', LOGIN_RATE_LIMIT: '1000000', SUBMIT_RATE_LIMIT: '1000000' },
    });
    const admin = await createPerson(q, 'admin');
    const reviewer = await createPerson(q, 'reviewer');
    const victim = await createPerson(q, 'reviewer');
    const asAdmin = bearer(admin.accessToken);
    const bot = await q.http
      .post('/v1/api-keys')
      .set(asAdmin)
      .send({ name: 'victim', ownerUserId: victim.id, classKeys: ['demo'] })
      .expect(201);
    await q.http.post('/v1/groups').set(asAdmin).send({ key: 'fuzz-group', name: 'Fuzz' }).expect(201);
    const ruleSet = await q.http
      .post('/v1/rule-sets')
      .set(asAdmin)
      .send({ key: 'fuzz-rules', name: 'Fuzz', rules: [] })
      .expect(201);
    const webhook = await q.http
      .post('/v1/webhooks')
      .set(asAdmin)
      .send({ url: 'https://hooks.example.com/x', events: ['version.released'] })
      .expect(201);
    const policies = await q.http.get('/v1/policies?classKey=demo').set(asAdmin).expect(200);
    const ids: KnownIds = {
      adminId: admin.id,
      victimPersonId: victim.id,
      victimBotId: bot.body.apiKey.id,
      assetId: await submit(q.http, q.demo.botKey, textAsset('seeded for fuzzing')),
      ruleSetId: ruleSet.body.id,
      policyId: policies.body[0].id,
      webhookId: webhook.body.webhook.id,
      groupKey: 'fuzz-group',
    };
    targets = fuzzTargets(q.api);
    ctx = {
      identities: {
        anonymous: '',
        bot: `Bearer ${q.demo.botKey}`,
        reviewer: `Bearer ${reviewer.accessToken}`,
        admin: `Bearer ${admin.accessToken}`,
      },
      samples: sampleBodies(ids),
      known: knownParams(ids),
    };
  });
  afterAll(() => q.close());

  it('finds every route, with the fields of its body and query', () => {
    expect(targets.length).toBeGreaterThanOrEqual(40);
    const byKey = new Map(targets.map((t) => [t.key, t]));
    expect(byKey.get('POST /v1/assets')?.bodyFields).toEqual(expect.arrayContaining(['classKey', 'sha256']));
    expect(byKey.get('GET /v1/assets')?.queryFields).toEqual(expect.arrayContaining(['limit', 'cursor']));
    expect(byKey.get('GET /v1/policies')?.queryFields).toEqual(['classKey']);
  });

  it('never answers 5xx, always in the error shape, and writes nothing when it refuses', async () => {
    const counts = await rowCounter(q.db);
    const anyRequest = fc.constantFrom(...targets).chain((target) => requestFor(target, ctx));
    await fc.assert(
      fc.asyncProperty(anyRequest, async (request) => {
        const before = await counts();
        const response = await send(q.http, request);
        const problems = problemsWith(response);
        if (response.status >= 400) {
          const changed = changedTables(before, await counts());
          if (changed.length > 0) problems.push(`rows changed in ${changed.join(', ')}`);
        }
        if (problems.length > 0)
          throw new Error(`${problems.join('; ')}\n${describeExchange(request, response)}`);
      }),
      fuzzParameters(700),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);
});
