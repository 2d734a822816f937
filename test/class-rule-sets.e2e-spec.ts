import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { startWorker } from '../apps/worker/src/main';
import { ClassRuleSetLists1764290000000 } from '../migrations/1764290000000-class-rule-set-lists';
import { settled, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerEvents } from './support/ledger';
import { bearer, createPerson, Person } from './support/people';
import { createClass, createRuleSet } from './support/rule-sets';

// Required phrases report without a location, so they keep the order of the sets; the banned terms
// report where they are.
const SHARED_RULES = [
  { id: 'shared-legal', kind: 'required-phrase', severity: 'error', phrase: 'Terms apply.' },
  { id: 'shared-terms', kind: 'banned-term', severity: 'error', terms: [{ term: 'synergy' }] },
];
const OWN_RULES = [
  { id: 'own-signoff', kind: 'required-phrase', severity: 'error', phrase: 'Made by Acme.' },
  { id: 'own-terms', kind: 'banned-term', severity: 'error', terms: [{ term: 'leverage' }] },
];
const TEXT = 'Our synergy, your leverage.';

describe('a class validated against an ordered list of rule sets', () => {
  let q: Quorate;
  let worker: INestApplicationContext;
  let admin: Person;
  let reviewer: Person;
  let shared: string;
  let own: string;
  const asAdmin = () => bearer(admin.accessToken);

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
    worker = await startWorker(q.env);
    admin = await createPerson(q, 'admin');
    reviewer = await createPerson(q, 'reviewer');
    await createClass(q, 'campaign');
    await createClass(q, 'other');
    shared = await createRuleSet(q.http, admin.accessToken, { key: 'house-style', rules: SHARED_RULES });
    own = await createRuleSet(q.http, admin.accessToken, { key: 'campaign-own', rules: OWN_RULES });
  });
  afterAll(async () => {
    await worker.close();
    await q.close();
  });

  const setList = (classKey: string, ruleSetIds: unknown) =>
    q.http.put(`/v1/asset-classes/${classKey}/rule-sets`).set(asAdmin()).send({ ruleSetIds });
  let submitted = 0;
  // Distinct content each time: content rejected before in the class earns its own finding.
  const validate = async (classKey: string) => {
    submitted += 1;
    const id = await submit(q.http, q.demo.botKey, textAsset(`${TEXT} (${submitted})`, { classKey }));
    const asset = await settled(q.http, q.demo.botKey, id, 30_000);
    const result = (
      await q.http.get(`/v1/assets/${id}/versions/1/validation`).set(bearer(q.demo.botKey)).expect(200)
    ).body;
    const [event] = await ledgerEvents(
      q.db,
      `asset_id = $1 AND kind IN ('version.validated', 'version.validation_failed')`,
      [id],
    );
    return { asset, result, event };
  };
  const ruleIds = (findings: { ruleId: string }[]) => findings.map((f) => f.ruleId);
  const links = async (classKey: string) =>
    q.db.query(
      `SELECT l.rule_set_id AS id, l.position FROM asset_class_rule_sets l
         JOIN asset_classes c ON c.id = l.class_id WHERE c.key = $1 ORDER BY l.position`,
      [classKey],
    );

  it('applies a shared set and the class own set in order, and records both versions', async () => {
    const changed = await setList('campaign', [shared, own]).expect(200);
    const refs = [
      { id: shared, key: 'house-style', version: 1 },
      { id: own, key: 'campaign-own', version: 1 },
    ];
    expect(changed.body).toMatchObject({ key: 'campaign', ruleSets: refs });
    const fetched = await q.http
      .get('/v1/asset-classes/campaign')
      .set(bearer(reviewer.accessToken))
      .expect(200);
    expect(fetched.body.ruleSets).toEqual(refs);
    const listed = await q.http.get('/v1/asset-classes').set(asAdmin()).expect(200);
    expect(listed.body.find((c: { key: string }) => c.key === 'campaign').ruleSets).toEqual(refs);
    const [changeEvent] = await ledgerEvents(q.db, `kind = 'asset_class.rule_sets_changed'`);
    expect(changeEvent.data).toMatchObject({ classKey: 'campaign', ruleSetIds: [shared, own] });

    const { asset, result, event } = await validate('campaign');
    expect(asset.status).toBe('validation_failed');
    expect(ruleIds(asset.versions[0].findings)).toEqual([
      'shared-legal',
      'own-signoff',
      'shared-terms',
      'own-terms',
    ]);
    const applied = [
      { id: shared, key: 'house-style', version: 1, rulesSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { id: own, key: 'campaign-own', version: 1, rulesSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ];
    expect(result).toMatchObject({ ruleSet: applied[0], ruleSets: applied });
    expect(result.ruleSets[0].rulesSha256).not.toBe(result.ruleSets[1].rulesSha256);
    expect(event.data).toMatchObject({ ruleSet: applied[0], ruleSets: applied });
  });

  it('follows a reorder and each set’s latest version, and an empty list leaves the media checks only', async () => {
    await q.http
      .put(`/v1/rule-sets/${own}`)
      .set(asAdmin())
      .send({ rules: OWN_RULES.slice(0, 1) })
      .expect(200);
    const reordered = await setList('campaign', [own, shared]).expect(200);
    expect(reordered.body.ruleSets).toEqual([
      { id: own, key: 'campaign-own', version: 2 },
      { id: shared, key: 'house-style', version: 1 },
    ]);
    const second = await validate('campaign');
    expect(ruleIds(second.asset.versions[0].findings)).toEqual([
      'own-signoff',
      'shared-legal',
      'shared-terms',
    ]);
    expect(second.result.ruleSet).toMatchObject({ id: own, version: 2 });
    expect(second.result.ruleSets.map((s: { key: string; version: number }) => [s.key, s.version])).toEqual([
      ['campaign-own', 2],
      ['house-style', 1],
    ]);

    const emptied = await setList('campaign', []).expect(200);
    expect(emptied.body.ruleSets).toEqual([]);
    const third = await validate('campaign');
    expect(third.result).toMatchObject({ passed: true, ruleSet: null, ruleSets: [], findings: [] });
    expect(third.event.data).toMatchObject({ ruleSet: null, ruleSets: [] });
  });

  it('keeps the per-set routes: PUT appends if absent, DELETE removes, archiving a used set is refused', async () => {
    const first = await q.http.put(`/v1/rule-sets/${shared}/classes/other`).set(asAdmin()).expect(200);
    expect(first.body.classes).toContain('other');
    await q.http.put(`/v1/rule-sets/${own}/classes/other`).set(asAdmin()).expect(200);
    const kinds = async () => (await ledgerEvents(q.db, `kind = 'asset_class.rule_set_assigned'`)).length;
    const assigned = await kinds();
    await q.http.put(`/v1/rule-sets/${shared}/classes/other`).set(asAdmin()).expect(200);
    expect(await kinds()).toBe(assigned);
    expect(await links('other')).toEqual([
      { id: shared, position: 0 },
      { id: own, position: 1 },
    ]);

    await q.http.delete(`/v1/rule-sets/${own}`).set(asAdmin()).expect(409);
    await q.http.delete(`/v1/rule-sets/${shared}/classes/other`).set(asAdmin()).expect(200);
    expect(await links('other')).toEqual([{ id: own, position: 0 }]);
    await q.http.delete(`/v1/rule-sets/${shared}/classes/other`).set(asAdmin()).expect(404);
    const fetched = await q.http.get('/v1/asset-classes/other').set(asAdmin()).expect(200);
    expect(fetched.body.ruleSets).toEqual([{ id: own, key: 'campaign-own', version: 2 }]);
  });

  it('refuses bad lists with a clear 4xx and writes nothing', async () => {
    const retired = await createRuleSet(q.http, admin.accessToken, { key: 'retired', rules: [] });
    await q.http.delete(`/v1/rule-sets/${retired}`).set(asAdmin()).expect(200);
    await setList('campaign', [shared]).expect(200);
    const snapshot = async () => ({
      links: await q.db.query(`SELECT * FROM asset_class_rule_sets ORDER BY class_id, position`),
      queued: (await q.db.query(`SELECT count(*)::int AS n FROM ledger_queue`))[0].n,
    });
    const before = await snapshot();

    for (const body of [undefined, 'x', [42], ['not-a-uuid'], Array(51).fill(shared)]) {
      await setList('campaign', body).expect(400);
    }
    const repeated = await setList('campaign', [shared, own, shared]).expect(422);
    expect(repeated.body.message).toContain(shared);
    const missing = randomUUID();
    expect((await setList('campaign', [shared, missing]).expect(404)).body.message).toContain(missing);
    const archived = await setList('campaign', [own, retired]).expect(409);
    expect(archived.body.details).toEqual({ archived: ['retired'] });
    await setList('no-such-class', [shared]).expect(404);
    await setList('Bad_Key', [shared]).expect(400);
    await q.http
      .put('/v1/asset-classes/campaign/rule-sets')
      .set(bearer(reviewer.accessToken))
      .send({ ruleSetIds: [own] })
      .expect(403);

    expect(await snapshot()).toEqual(before);
    expect(await links('campaign')).toEqual([{ id: shared, position: 0 }]);
  });

  it('migrates one-set classes and results to lists at position 0, and back', async () => {
    await setList('campaign', [own, shared]).expect(200);
    const migration = new ClassRuleSetLists1764290000000();
    const runner = q.db.createQueryRunner();
    try {
      await migration.down(runner);
      const [{ rule_set_id }] = await runner.query(
        `SELECT rule_set_id FROM asset_classes WHERE key = 'campaign'`,
      );
      expect(rule_set_id).toBe(own);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await links('campaign')).toEqual([{ id: own, position: 0 }]);
    expect(await links('other')).toEqual([{ id: own, position: 0 }]);
    const [{ unlisted }] = await q.db.query(
      `SELECT count(*)::int AS unlisted FROM validation_results r
        WHERE r.rule_set_version_id IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM validation_result_rule_sets a
           WHERE a.result_id = r.id AND a.position = 0 AND a.rule_set_version_id = r.rule_set_version_id)`,
    );
    expect(unlisted).toBe(0);
    const [{ listed }] = await q.db.query(`SELECT count(*)::int AS listed FROM validation_result_rule_sets`);
    expect(listed).toBe(2);
  });
});
