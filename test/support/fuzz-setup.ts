import { submit, textAsset } from './assets';
import { RequestContext } from './fuzz-requests';
import { FuzzTarget, fuzzTargets, KnownIds, knownParams, sampleBodies } from './fuzz-targets';
import { Quorate, startQuorate } from './harness';
import { bearer, createPerson, Person } from './people';

export interface Fuzzing {
  q: Quorate;
  targets: FuzzTarget[];
  ctx: RequestContext;
  ids: KnownIds;
  admin: Person;
}

/**
 * The API without a worker (so nothing writes between requests), limits that let many requests
 * through, small content so "too large" is cheap to reach, and one row of each kind to aim at.
 */
export async function startFuzzing(): Promise<Fuzzing> {
  const q = await startQuorate({
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
  const ctx: RequestContext = {
    identities: {
      anonymous: '',
      bot: `Bearer ${q.demo.botKey}`,
      reviewer: `Bearer ${reviewer.accessToken}`,
      admin: `Bearer ${admin.accessToken}`,
    },
    samples: sampleBodies(ids),
    known: knownParams(ids),
  };
  return { q, targets: fuzzTargets(q.api), ctx, ids, admin };
}
