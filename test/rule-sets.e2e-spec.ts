import { randomUUID } from 'node:crypto';
import { sha256 } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerSettled } from './support/ledger';
import { bearer, createPerson, Person } from './support/people';
import { at, BRAND_RULES, createClass } from './support/rule-sets';
import { routesOf } from './support/routes';
import { png } from '../libs/domain/src/rules/testing/images';

describe('rule sets, the blocklist and their administration', () => {
  let q: Quorate;
  let admin: Person;
  let reviewer: Person;
  const asAdmin = () => bearer(admin.accessToken);

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
    admin = await createPerson(q, 'admin');
    reviewer = await createPerson(q, 'reviewer');
    await createClass(q, 'copy');
  });
  afterAll(() => q.close());

  const count = async (table: string): Promise<number> =>
    (await q.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const ledgerKinds = async (): Promise<string[]> => {
    await ledgerSettled(q.db);
    return (await q.db.query(`SELECT kind FROM ledger_entries WHERE asset_id IS NULL ORDER BY idx`)).map(
      (r: { kind: string }) => r.kind,
    );
  };

  it('creates a rule set as version 1, stores the rules as checked, and records it in the ledger', async () => {
    const created = await q.http
      .post('/v1/rule-sets')
      .set(asAdmin())
      .send({ key: 'brand', name: 'Brand rules', description: 'Voice and palette', rules: BRAND_RULES })
      .expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      key: 'brand',
      name: 'Brand rules',
      description: 'Voice and palette',
      version: 1,
      versions: 1,
      classes: [],
      archivedAt: null,
      createdBy: admin.id,
      rulesSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(created.body.rules).toHaveLength(BRAND_RULES.length);
    expect(created.body.rules[0]).toEqual(BRAND_RULES[0]);

    const fetched = await q.http
      .get(`/v1/rule-sets/${created.body.id}`)
      .set(bearer(reviewer.accessToken))
      .expect(200);
    expect(fetched.body).toEqual(created.body);
    const listed = await q.http.get('/v1/rule-sets').set(asAdmin()).expect(200);
    expect(listed.body.map((s: { key: string }) => s.key)).toContain('brand');
    expect(await ledgerKinds()).toContain('rule_set.created');

    await q.http
      .post('/v1/rule-sets')
      .set(asAdmin())
      .send({ key: 'brand', name: 'Again', rules: [] })
      .expect(409);
  });

  it('refuses rules with problems with a 422 that names each one, and writes nothing', async () => {
    const before = await count('rule_sets');
    const response = await q.http
      .post('/v1/rule-sets')
      .set(asAdmin())
      .send({
        key: 'broken',
        name: 'Broken',
        rules: [
          { id: 'a', kind: 'banned-term', severity: 'error', terms: [] },
          { id: 'b', kind: 'pattern', severity: 'fatal', pattern: '(?=x)', mustMatch: true, message: 'm' },
          { id: 'a', kind: 'no-such-kind', severity: 'error' },
        ],
      })
      .expect(422);
    expect(response.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        { field: 'rules[0].terms', problems: ['must be a non-empty array'] },
        { field: 'rules[1].severity', problems: [expect.stringContaining('"error", "warning"')] },
        { field: 'rules[1].pattern', problems: [expect.stringContaining('lookahead')] },
        { field: 'rules[2].kind', problems: [expect.stringContaining('must be one of')] },
      ]),
    );
    expect(await count('rule_sets')).toBe(before);
  });

  it('answers a malformed request with a 400 that names the field', async () => {
    const missing = await q.http
      .post('/v1/rule-sets')
      .set(asAdmin())
      .send({ key: 'x', name: 'x' })
      .expect(400);
    expect(missing.body.message).toMatch(/rules/);
    const unknown = await q.http
      .post('/v1/rule-sets')
      .set(asAdmin())
      .send({ key: 'x', name: 'x', rules: [], colour: 'red' })
      .expect(400);
    expect(unknown.body.message).toMatch(/colour/);
    await q.http
      .post('/v1/rule-sets')
      .set(asAdmin())
      .send({ key: 'Not A Key', name: 'x', rules: [] })
      .expect(400);
  });

  it('refuses a version number too large for the database with a 400, in bodies and paths', async () => {
    const created = await q.http
      .post('/v1/rule-sets')
      .set(asAdmin())
      .send({ key: 'huge-versions', name: 'x', rules: [] })
      .expect(201);
    const id: string = created.body.id;
    const versions = await count('rule_set_versions');
    const tried = await q.http
      .post(`/v1/rule-sets/${id}/test`)
      .set(asAdmin())
      .send({ mediaType: 'text/plain', text: 'x', version: 99_999_999_999 })
      .expect(400);
    expect(tried.body.message).toMatch(/version must be a version number/);
    const edited = await q.http
      .put(`/v1/rule-sets/${id}`)
      .set(asAdmin())
      .send({ rules: [], baseVersion: 2 ** 31 })
      .expect(400);
    expect(edited.body.message).toMatch(/baseVersion/);
    await q.http.get(`/v1/rule-sets/${id}/versions/99999999999999`).set(asAdmin()).expect(400);
    await q.http
      .post(`/v1/rule-sets/${id}/test`)
      .set(asAdmin())
      .send({ mediaType: 'text/plain', text: 'x', version: null })
      .expect(400);
    expect(await count('rule_set_versions')).toBe(versions);
  });

  it('turns an edit into a new version and never changes an old one', async () => {
    const id = (
      await q.http
        .post('/v1/rule-sets')
        .set(asAdmin())
        .send({ key: 'versioned', name: 'V', rules: [BRAND_RULES[0]] })
        .expect(201)
    ).body.id;
    const edited = await q.http
      .put(`/v1/rule-sets/${id}`)
      .set(asAdmin())
      .send({ rules: [BRAND_RULES[1]], baseVersion: 1 })
      .expect(200);
    expect(edited.body).toMatchObject({ version: 2, versions: 2, name: 'V', rules: [BRAND_RULES[1]] });

    const stale = await q.http
      .put(`/v1/rule-sets/${id}`)
      .set(asAdmin())
      .send({ rules: [BRAND_RULES[2]], baseVersion: 1 })
      .expect(409);
    expect(stale.body.message).toMatch(/version 2/);

    // The same content again adds nothing.
    await q.http
      .put(`/v1/rule-sets/${id}`)
      .set(asAdmin())
      .send({ rules: [BRAND_RULES[1]] })
      .expect(200);
    const versions = await q.http.get(`/v1/rule-sets/${id}/versions`).set(asAdmin()).expect(200);
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const first = await q.http.get(`/v1/rule-sets/${id}/versions/1`).set(asAdmin()).expect(200);
    expect(first.body.rules).toEqual([BRAND_RULES[0]]);
    await q.http.get(`/v1/rule-sets/${id}/versions/3`).set(asAdmin()).expect(404);
    await q.http.get(`/v1/rule-sets/${id}/versions/zero`).set(asAdmin()).expect(400);
    expect((await ledgerKinds()).filter((k) => k === 'rule_set.version_created')).toHaveLength(1);
  });

  it('refuses in the database itself to change or delete a rule-set version or a validation result', async () => {
    await expect(q.db.query(`UPDATE rule_set_versions SET name = 'tampered'`)).rejects.toThrow(
      /never changed once written/,
    );
    await expect(q.db.query(`DELETE FROM rule_set_versions`)).rejects.toThrow(/never changed once written/);
    await expect(q.db.query(`TRUNCATE rule_set_versions CASCADE`)).rejects.toThrow(
      /never changed once written/,
    );
    await expect(q.db.query(`UPDATE validation_results SET worker = 'x'`)).resolves.toBeDefined(); // no rows yet
    await expect(q.db.query(`DELETE FROM rule_sets`)).rejects.toThrow(/archive one instead/);
    await expect(q.db.query(`UPDATE rule_sets SET key = 'renamed'`)).rejects.toThrow(/archive one instead/);
  });

  it('points a class at a rule set, refuses to archive it while in use, and hides it once archived', async () => {
    const id = (
      await q.http
        .post('/v1/rule-sets')
        .set(asAdmin())
        .send({ key: 'retiring', name: 'R', rules: [BRAND_RULES[0]] })
        .expect(201)
    ).body.id;
    const assigned = await q.http.put(`/v1/rule-sets/${id}/classes/copy`).set(asAdmin()).expect(200);
    expect(assigned.body.classes).toEqual(['copy']);
    const links = await q.db.query(
      `SELECT l.rule_set_id, l.position FROM asset_class_rule_sets l
         JOIN asset_classes c ON c.id = l.class_id WHERE c.key = 'copy'`,
    );
    expect(links).toEqual([{ rule_set_id: id, position: 0 }]);

    const refused = await q.http.delete(`/v1/rule-sets/${id}`).set(asAdmin()).expect(409);
    expect(refused.body.details).toEqual({ classes: ['copy'] });
    await q.http.put(`/v1/rule-sets/${id}/classes/no-such-class`).set(asAdmin()).expect(404);
    await q.http.put(`/v1/rule-sets/${id}/classes/Bad_Key`).set(asAdmin()).expect(400);
    await q.http.delete(`/v1/rule-sets/${id}/classes/demo`).set(asAdmin()).expect(404);

    const removed = await q.http.delete(`/v1/rule-sets/${id}/classes/copy`).set(asAdmin()).expect(200);
    expect(removed.body.classes).toEqual([]);
    const archived = await q.http.delete(`/v1/rule-sets/${id}`).set(asAdmin()).expect(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    const listed = await q.http.get('/v1/rule-sets').set(asAdmin()).expect(200);
    expect(listed.body.map((s: { id: string }) => s.id)).not.toContain(id);
    const all = await q.http.get('/v1/rule-sets?includeArchived=true').set(asAdmin()).expect(200);
    expect(all.body.map((s: { id: string }) => s.id)).toContain(id);
    await q.http.put(`/v1/rule-sets/${id}/classes/copy`).set(asAdmin()).expect(409);
    await q.http.put(`/v1/rule-sets/${id}`).set(asAdmin()).send({ rules: [] }).expect(409);
    expect(await ledgerKinds()).toEqual(
      expect.arrayContaining([
        'asset_class.rule_set_assigned',
        'asset_class.rule_set_removed',
        'rule_set.archived',
      ]),
    );
  });

  it('tests a rule set on a sample without creating anything', async () => {
    const id = (
      await q.http
        .post('/v1/rule-sets')
        .set(asAdmin())
        .send({ key: 'sample', name: 'S', rules: BRAND_RULES })
        .expect(201)
    ).body.id;
    await q.http
      .put(`/v1/rule-sets/${id}`)
      .set(asAdmin())
      .send({ rules: [BRAND_RULES[5]] })
      .expect(200);
    const assetsBefore = await count('assets');
    const text = 'Real synergy.\nTerms and conditions apply.';

    const latest = await q.http
      .post(`/v1/rule-sets/${id}/test`)
      .set(asAdmin())
      .send({ mediaType: 'text/plain', text })
      .expect(200);
    expect(latest.body).toMatchObject({
      ruleSet: { id, key: 'sample', version: 2 },
      passes: true,
      findings: [],
      sha256: sha256(text),
      sizeBytes: Buffer.byteLength(text),
      sniffedMediaType: 'text',
    });

    const first = await q.http
      .post(`/v1/rule-sets/${id}/test`)
      .set(asAdmin())
      .send({ mediaType: 'text/plain', text, version: 1 })
      .expect(200);
    expect(first.body.passes).toBe(false);
    expect(first.body.findings).toEqual([
      expect.objectContaining({
        ruleId: 'no-buzzwords',
        message: 'Banned term "synergy"; use "collaboration" instead',
        location: at(text, 'synergy'),
      }),
    ]);

    const image = await q.http
      .post(`/v1/rule-sets/${id}/test`)
      .set(asAdmin())
      .send({ mediaType: 'text/plain', content: Buffer.from(png(4, 4)).toString('base64') })
      .expect(200);
    expect(image.body.sniffedMediaType).toBe('image/png');
    expect(image.body.findings).toEqual([expect.objectContaining({ ruleId: 'media.type-mismatch' })]);

    await q.http
      .post(`/v1/rule-sets/${id}/test`)
      .set(asAdmin())
      .send({ mediaType: 'text/plain' })
      .expect(400);
    await q.http
      .post(`/v1/rule-sets/${id}/test`)
      .set(asAdmin())
      .send({ mediaType: 'text/plain', text, version: 9 })
      .expect(404);
    await q.http
      .post(`/v1/rule-sets/${randomUUID()}/test`)
      .set(asAdmin())
      .send({ mediaType: 'text/plain', text })
      .expect(404);
    expect(await count('assets')).toBe(assetsBefore);
  });

  it('tries draft rules on a sample for admins and reviewers, saving nothing and writing no ledger entry', async () => {
    const before = {
      sets: await count('rule_sets'),
      versions: await count('rule_set_versions'),
      ledger: await count('ledger_entries'),
      assets: await count('assets'),
    };
    const html = '<p>Our synergy.</p>\n<p>Terms&nbsp;apply.</p>';
    const rules = [
      BRAND_RULES[0],
      { id: 'terms', kind: 'required-phrase', severity: 'error', phrase: 'Terms apply.' },
      {
        id: 'html-only',
        kind: 'term-casing',
        severity: 'warning',
        terms: ['Quorate'],
        mediaTypes: ['text/html'],
      },
    ];
    for (const token of [admin.accessToken, reviewer.accessToken]) {
      const tried = await q.http
        .post('/v1/rule-sets/test')
        .set(bearer(token))
        .send({ rules, mediaType: 'text/html', text: html })
        .expect(200);
      expect(tried.body).toMatchObject({
        ruleSet: { draft: true, ruleCount: 3, rulesSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        passes: false,
        findings: [
          {
            ruleId: 'no-buzzwords',
            severity: 'error',
            message: 'Banned term "synergy"; use "collaboration" instead',
            location: at(html, 'synergy'),
          },
        ],
        sha256: sha256(html),
        sizeBytes: Buffer.byteLength(html),
        sniffedMediaType: 'text/html',
      });
    }
    const asContent = await q.http
      .post('/v1/rule-sets/test')
      .set(asAdmin())
      .send({
        rules,
        mediaType: 'text/plain',
        content: Buffer.from('Quorate copy. Terms apply.').toString('base64'),
      })
      .expect(200);
    expect(asContent.body).toMatchObject({ passes: true, findings: [] });

    const invalid = await q.http
      .post('/v1/rule-sets/test')
      .set(asAdmin())
      .send({
        rules: [{ id: 'x', kind: 'banned-term', severity: 'error', terms: [] }],
        mediaType: 'text/plain',
        text: 'x',
      })
      .expect(422);
    expect(invalid.body.message).toMatch(/rules\[0\]\.terms: must be a non-empty array/);
    await q.http
      .post('/v1/rule-sets/test')
      .set(asAdmin())
      .send({ rules, mediaType: 'text/plain' })
      .expect(400);
    await q.http
      .post('/v1/rule-sets/test')
      .set(asAdmin())
      .send({ mediaType: 'text/plain', text: 'x' })
      .expect(400);
    await q.http
      .post('/v1/rule-sets/test')
      .set(bearer(q.demo.botKey))
      .send({ rules, mediaType: 'text/plain', text: 'x' })
      .expect(403);
    expect({
      sets: await count('rule_sets'),
      versions: await count('rule_set_versions'),
      ledger: await count('ledger_entries'),
      assets: await count('assets'),
    }).toEqual(before);
  });

  it('lets reviewers try a stored rule set version, read-only', async () => {
    const id = (
      await q.http
        .post('/v1/rule-sets')
        .set(asAdmin())
        .send({ key: 'reviewer-try', name: 'R', rules: [BRAND_RULES[0]] })
        .expect(201)
    ).body.id;
    const tried = await q.http
      .post(`/v1/rule-sets/${id}/test`)
      .set(bearer(reviewer.accessToken))
      .send({ mediaType: 'text/plain', text: 'Real synergy.' })
      .expect(200);
    expect(tried.body).toMatchObject({ ruleSet: { id, version: 1 }, passes: false });
  });

  it('keeps a blocklist of content hashes, every change in the ledger', async () => {
    const hash = sha256('leaked draft');
    const added = await q.http
      .post('/v1/blocklist')
      .set(asAdmin())
      .send({ sha256: hash.toUpperCase(), reason: 'Leaked draft' })
      .expect(201);
    expect(added.body).toMatchObject({ sha256: hash, reason: 'Leaked draft', createdBy: admin.id });
    await q.http.post('/v1/blocklist').set(asAdmin()).send({ sha256: hash, reason: 'Again' }).expect(409);
    await q.http.post('/v1/blocklist').set(asAdmin()).send({ sha256: 'abc', reason: 'x' }).expect(400);
    await q.http.post('/v1/blocklist').set(asAdmin()).send({ sha256: hash }).expect(400);
    expect((await q.http.get('/v1/blocklist').set(asAdmin()).expect(200)).body).toEqual([added.body]);
    expect((await q.http.get(`/v1/blocklist/${hash}`).set(asAdmin()).expect(200)).body).toEqual(added.body);
    await q.http
      .get(`/v1/blocklist/${sha256('other')}`)
      .set(asAdmin())
      .expect(404);
    await q.http.get('/v1/blocklist/not-a-hash').set(asAdmin()).expect(422);

    await q.http.delete(`/v1/blocklist/${hash}`).set(asAdmin()).expect(204);
    await q.http.delete(`/v1/blocklist/${hash}`).set(asAdmin()).expect(404);
    await ledgerSettled(q.db);
    const entries = await q.db.query(
      `SELECT kind FROM ledger_entries WHERE kind LIKE 'blocklist.%' ORDER BY idx`,
    );
    expect(entries.map((e: { kind: string }) => e.kind)).toEqual(['blocklist.added', 'blocklist.removed']);
  });

  it('answers every route of these controllers with 401, 403 or a 4xx for empty input, never a 5xx', async () => {
    const mine = routesOf(q.api).filter((r) =>
      /^(RuleSetController|BlocklistController|DriftReportController|ValidationResultController)\./.test(
        r.handler,
      ),
    );
    expect(mine.length).toBeGreaterThanOrEqual(15);
    const who = { bot: q.demo.botKey, reviewer: reviewer.accessToken, admin: admin.accessToken };
    const bad: string[] = [];
    for (const route of mine) {
      const rule = route.rule!;
      expect('principals' in rule).toBe(true);
      const allowed = 'principals' in rule ? rule.principals : [];
      const path = route.path.replace(/:id\b/g, randomUUID()).replace(/:classKey\b/g, 'demo');
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
      const anonymous = await q.http[method](path).send({});
      if (anonymous.status !== 401)
        bad.push(`anonymous ${route.method} ${route.path} -> ${anonymous.status}`);
      for (const [name, token] of Object.entries(who)) {
        const response = await q.http[method](path).set(bearer(token)).send({});
        const ok = allowed.includes(name as 'bot')
          ? response.status !== 401 && response.status !== 403 && response.status < 500
          : response.status === 403;
        if (!ok || response.status >= 500)
          bad.push(`${name} ${route.method} ${route.path} -> ${response.status}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('lets reviewers read rule sets but only admins change them, and keeps bots out', async () => {
    const reviewerAuth = bearer(reviewer.accessToken);
    await q.http.get('/v1/rule-sets').set(reviewerAuth).expect(200);
    await q.http.post('/v1/rule-sets').set(reviewerAuth).send({ key: 'r', name: 'r', rules: [] }).expect(403);
    await q.http.get('/v1/blocklist').set(reviewerAuth).expect(403);
    await q.http.get('/v1/reports/drift').set(reviewerAuth).expect(403);
    await q.http.get('/v1/rule-sets').set(bearer(q.demo.botKey)).expect(403);
    await q.http.get('/v1/rule-sets').expect(401);
  });
});
