import type { INestApplicationContext } from '@nestjs/common';
import { startWorker } from '../apps/worker/src/main';
import { RuleSetService } from '../libs/core/src/rules/rule-set.service';
import { png, simpleJpeg } from '../libs/domain/src/rules/testing/images';
import { settled, sha256, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { ledgerEvents, ledgerSettled } from './support/ledger';
import { bearer, createPerson, Person } from './support/people';
import { at, BRAND_RULES, createClass, createRuleSet } from './support/rule-sets';

const DISCLAIMER = 'Terms and conditions apply.';

describe('validation against brand rules, integrity and media checks', () => {
  let q: Quorate;
  let worker: INestApplicationContext;
  let admin: Person;
  let reviewer: Person;
  let brandRuleSet: string;

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
    // The worker in this process, started here so that tests can reach its services.
    worker = await startWorker(q.env);
    admin = await createPerson(q, 'admin');
    reviewer = await createPerson(q, 'reviewer');
    await createClass(q, 'brand');
    await createClass(q, 'drift');
    brandRuleSet = await createRuleSet(q.http, admin.accessToken, { key: 'brand', rules: BRAND_RULES }, [
      'brand',
    ]);
  });
  afterAll(async () => {
    await worker.close();
    await q.close();
  });

  afterEach(() => jest.restoreAllMocks());

  const brand = (text: string, overrides: Record<string, unknown> = {}) =>
    textAsset(text, { classKey: 'brand', ...overrides });
  const binary = (bytes: Uint8Array, mediaType: string, overrides: Record<string, unknown> = {}) =>
    textAsset('', {
      text: undefined,
      content: Buffer.from(bytes).toString('base64'),
      sha256: sha256(Buffer.from(bytes)),
      mediaType,
      ...overrides,
    });
  const run = async (body: Record<string, unknown>) => {
    const id = await submit(q.http, q.demo.botKey, body);
    return { id, asset: await settled(q.http, q.demo.botKey, id, 30_000) };
  };
  const validation = async (id: string, version = 1, token = q.demo.botKey) =>
    (await q.http.get(`/v1/assets/${id}/versions/${version}/validation`).set(bearer(token)).expect(200)).body;
  const validationEntries = async (id: string) =>
    ledgerEvents(q.db, `asset_id = $1 AND kind IN ('version.validated', 'version.validation_failed')`, [id]);

  describe('the seeded brand rule set', () => {
    it('catches a banned term, a misspelt brand name, an e-mail address and a missing disclaimer, each where it is', async () => {
      const text = [
        '# Spring launch',
        '',
        'Our synergy with partners keeps growing.',
        'Built on QuoRate: write to jane.doe@northwind-mail.io today.',
      ].join('\n');
      const { id, asset } = await run(brand(text, { mediaType: 'text/markdown' }));
      expect(asset.status).toBe('validation_failed');
      expect(asset.versions[0].findings).toEqual([
        {
          ruleId: 'disclaimer',
          severity: 'error',
          message: `Required phrase "${DISCLAIMER}" is missing`,
        },
        {
          ruleId: 'no-buzzwords',
          severity: 'error',
          message: 'Banned term "synergy"; use "collaboration" instead',
          location: at(text, 'synergy'),
        },
        {
          ruleId: 'brand-names',
          severity: 'error',
          message: '"QuoRate" should be written "Quorate"',
          location: at(text, 'QuoRate'),
        },
        {
          ruleId: 'no-personal-data',
          severity: 'error',
          message: expect.stringMatching(
            /^Possible e-mail address \(personal data\): remove it, or use .*contact address/,
          ),
          location: at(text, 'jane.doe@northwind-mail.io'),
        },
      ]);
      expect(at(text, 'synergy')).toEqual({ line: 3, column: 5, length: 7 });
      expect(at(text, 'QuoRate')).toEqual({ line: 4, column: 10, length: 7 });

      const result = await validation(id);
      expect(result).toMatchObject({
        assetId: id,
        version: 1,
        status: 'validation_failed',
        passed: false,
        findings: asset.versions[0].findings,
        ruleSet: { id: brandRuleSet, key: 'brand', version: 1, rulesSha256: expect.any(String) },
        contentSha256: sha256(text),
        declaredSha256: sha256(text),
        mediaType: 'text/markdown',
        sniffedMediaType: 'text',
        worker: expect.stringMatching(/:\d+$/),
        attempt: 1,
        durationMs: expect.any(Number),
        validatedAt: expect.any(String),
      });
    });

    it('catches a colour outside the palette in an SVG', async () => {
      const svg = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">',
        '  <rect width="120" height="40" fill="#1a2b3c"/>',
        '  <text x="4" y="24" fill="#FF6600">Terms and conditions apply.</text>',
        '</svg>',
      ].join('\n');
      const { asset } = await run(brand(svg, { mediaType: 'image/svg+xml' }));
      expect(asset.status).toBe('validation_failed');
      expect(asset.versions[0].findings).toEqual([
        expect.objectContaining({ ruleId: 'brand-colours', severity: 'error', location: at(svg, '#FF6600') }),
      ]);
      expect(asset.versions[0].findings[0].message).toMatch(/not in the palette/);
    });

    it('catches an AWS access key in source code', async () => {
      const source = [
        '// Terms and conditions apply.',
        'export const storage = {',
        "  region: 'eu-west-1',",
        "  accessKeyId: 'AKIAZQ3D7K2M9XW4PL8R',",
        '};',
        '',
      ].join('\n');
      const { asset } = await run(brand(source, { mediaType: 'text/x-typescript' }));
      expect(asset.status).toBe('validation_failed');
      expect(asset.versions[0].findings).toEqual([
        expect.objectContaining({
          ruleId: 'no-secrets',
          severity: 'error',
          location: at(source, 'AKIAZQ3D7K2M9XW4PL8R'),
        }),
      ]);
      expect(asset.versions[0].findings[0].message).toMatch(/AWS access key/);
      expect(asset.versions[0].findings[0].message).not.toContain('AKIAZQ3D7K2M9XW4PL8R');
    });

    it('releases copy that keeps every rule, and writes the result to the ledger', async () => {
      const text = `Quorate keeps your launch copy on brand.\n\n${DISCLAIMER}\n`;
      const { id, asset } = await run(brand(text, { mediaType: 'text/markdown' }));
      expect(asset.status).toBe('released');
      expect(asset.versions[0].findings).toEqual([]);
      await ledgerSettled(q.db);
      const result = await validation(id, 1, reviewer.accessToken);
      expect(result).toMatchObject({
        ledgerStatus: 'integrated',
        passed: true,
        status: 'approved',
        findings: [],
        ruleSet: { version: 1 },
      });

      const [entry] = await validationEntries(id);
      expect(entry).toMatchObject({
        index: result.ledgerIndex,
        kind: 'version.validated',
        data: {
          version: 1,
          status: 'approved',
          resultId: result.id,
          contentSha256: sha256(text),
          findings: [],
          ruleSet: result.ruleSet,
          worker: result.worker,
          durationMs: result.durationMs,
        },
      });
    });

    it('applies the latest version of the rule set, and each result names the version it used', async () => {
      const text = `Leverage Quorate.\n${DISCLAIMER}`;
      const before = await run(brand(text));
      expect(before.asset.status).toBe('validation_failed');
      await q.http
        .put(`/v1/rule-sets/${brandRuleSet}`)
        .set(bearer(admin.accessToken))
        .send({ rules: BRAND_RULES.filter((r) => r.id !== 'no-buzzwords'), baseVersion: 1 })
        .expect(200);
      const after = await run(brand(text, { title: 'after the edit' }));
      expect(after.asset.status).toBe('released');
      expect((await validation(after.id)).ruleSet).toMatchObject({ key: 'brand', version: 2 });
      expect((await validation(before.id)).ruleSet).toMatchObject({ key: 'brand', version: 1 });
      // Put the first version's rules back for the tests that follow (as version 3).
      await q.http
        .put(`/v1/rule-sets/${brandRuleSet}`)
        .set(bearer(admin.accessToken))
        .send({ rules: BRAND_RULES })
        .expect(200);
    });
  });

  describe('media', () => {
    it('accepts text, Markdown, HTML, SVG, PNG, JPEG and source code that are what they say', async () => {
      const samples: Record<string, unknown>[] = [
        textAsset('Plain words.', { mediaType: 'text/plain' }),
        textAsset('# Heading\n\nBody.', { mediaType: 'text/markdown' }),
        textAsset('<!doctype html><p>Hello</p>', { mediaType: 'text/html' }),
        textAsset('<svg xmlns="http://www.w3.org/2000/svg"/>', { mediaType: 'image/svg+xml' }),
        textAsset('def main():\n    return 0\n', { mediaType: 'text/x-python' }),
        binary(png(64, 32), 'image/png'),
        binary(simpleJpeg(64, 32), 'image/jpeg'),
      ];
      for (const body of samples) {
        const { id, asset } = await run(body);
        expect({ type: body.mediaType, status: asset.status, findings: asset.versions[0].findings }).toEqual({
          type: body.mediaType,
          status: 'released',
          findings: [],
        });
        expect((await validation(id)).ruleSet).toBeNull();
      }
    });

    it('fails content whose declared type the bytes contradict, and types it cannot check', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [binary(png(8, 8), 'text/plain'), 'media.type-mismatch', 'image/png'],
        [textAsset('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'media.type-mismatch', 'image/svg+xml'],
        [binary(simpleJpeg(8, 8), 'image/png'), 'media.type-mismatch', 'image/jpeg'],
        [textAsset('%PDF-1.7 not really', { mediaType: 'application/pdf' }), 'media.unsupported', 'text'],
      ];
      for (const [body, ruleId, sniffed] of cases) {
        const { id, asset } = await run(body);
        expect(asset.status).toBe('validation_failed');
        expect(asset.versions[0].findings).toEqual([expect.objectContaining({ ruleId, severity: 'error' })]);
        expect((await validation(id)).sniffedMediaType).toBe(sniffed);
      }
    });
  });

  describe('integrity', () => {
    it('fails content whose hash an admin blocklisted', async () => {
      const text = 'The leaked draft of the quarterly results';
      await q.http
        .post('/v1/blocklist')
        .set(bearer(admin.accessToken))
        .send({ sha256: sha256(text), reason: 'Leaked draft' })
        .expect(201);
      const { asset } = await run(textAsset(text));
      expect(asset.status).toBe('validation_failed');
      expect(asset.versions[0].findings).toEqual([
        {
          ruleId: 'integrity.blocklisted',
          severity: 'error',
          message: `Content with SHA-256 ${sha256(text)} is blocklisted: Leaked draft`,
        },
      ]);
    });

    it('flags content rejected before in the same class with a warning, and only there', async () => {
      const text = `Pure synergy.\n${DISCLAIMER}`;
      const first = await run(brand(text));
      expect(first.asset.status).toBe('validation_failed');
      const again = await run(brand(text, { title: 'second try' }));
      expect(again.asset.versions[0].findings).toEqual([
        {
          ruleId: 'integrity.previously-rejected',
          severity: 'warning',
          message: `The same content (SHA-256 ${sha256(text)}) failed validation before in this class: asset ${first.id}, version 1`,
        },
        expect.objectContaining({ ruleId: 'no-buzzwords' }),
      ]);
      // Another class has its own history: there the same bytes are new.
      const elsewhere = await run(textAsset(text));
      expect(elsewhere.asset.status).toBe('released');
      expect(elsewhere.asset.versions[0].findings).toEqual([]);
    });

    it('does not hold a wrongly declared hash against the content itself', async () => {
      const text = 'Copy first sent with the wrong hash';
      const wrong = await run(textAsset(text, { sha256: sha256('something else') }));
      expect(wrong.asset.versions[0].findings).toEqual([
        expect.objectContaining({ ruleId: 'integrity.sha256' }),
      ]);
      const right = await run(textAsset(text));
      expect(right.asset.status).toBe('released');
      expect(right.asset.versions[0].findings).toEqual([]);
    });
  });

  describe('failures inside validation', () => {
    it('retries a transient database failure with backoff, and records the attempt that succeeded', async () => {
      const ruleSets = worker.get(RuleSetService);
      const blip = Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      });
      const spy = jest.spyOn(ruleSets, 'forClass').mockRejectedValueOnce(blip);
      const { id, asset } = await run(brand(`Quorate, on time.\n${DISCLAIMER}`));
      expect(spy).toHaveBeenCalledTimes(2);
      expect(asset.status).toBe('released');
      expect((await validation(id)).attempt).toBe(2);
      expect(await validationEntries(id)).toHaveLength(1);
    });

    it('fails the version with a finding, instead of retrying, when validation breaks in a way a retry cannot fix', async () => {
      const ruleSets = worker.get(RuleSetService);
      const spy = jest.spyOn(ruleSets, 'forClass').mockRejectedValue(new TypeError('rules is not iterable'));
      const { id, asset } = await run(brand(`Quorate, broken.\n${DISCLAIMER}`));
      expect(asset.status).toBe('validation_failed');
      expect(asset.versions[0].findings).toEqual([
        expect.objectContaining({ ruleId: 'validation.error', severity: 'error' }),
      ]);
      expect(asset.versions[0].findings[0].message).toContain('TypeError');
      expect(spy).toHaveBeenCalledTimes(1);
      expect(await validation(id)).toMatchObject({ attempt: 1, ruleSet: null, passed: false });
      expect(await validationEntries(id)).toHaveLength(1);
    });
  });

  describe('the validation endpoint', () => {
    it('shows a bot its own results only, and anyone signed in for people', async () => {
      const { id } = await run(textAsset('Results are private to their bot'));
      const other = await q.http
        .post('/v1/api-keys')
        .set(bearer(admin.accessToken))
        .send({ name: 'other-bot', ownerUserId: admin.id, classKeys: ['demo'] })
        .expect(201);
      await q.http.get(`/v1/assets/${id}/versions/1/validation`).set(bearer(other.body.key)).expect(404);
      await q.http.get(`/v1/assets/${id}/versions/1/validation`).set(bearer(admin.accessToken)).expect(200);
      await q.http.get(`/v1/assets/${id}/versions/2/validation`).set(bearer(q.demo.botKey)).expect(404);
      await q.http.get(`/v1/assets/${id}/versions/first/validation`).set(bearer(q.demo.botKey)).expect(400);
      await q.http.get(`/v1/assets/${id}/versions/1/validation`).expect(401);
    });
  });

  describe('the drift report', () => {
    it('gives the failure rate per generator model per ISO week', async () => {
      const submitAs = (model: string | undefined, text: string) =>
        run(textAsset(text, { classKey: 'drift', provenance: model ? { model } : undefined }));
      await submitAs('model-a', 'Fine copy one');
      await submitAs('model-a', 'Fine copy two');
      await submitAs('model-b', 'Fine copy three');
      await submitAs('model-b', 'Fine copy four');
      const broken = await run(
        textAsset('Copy with a wrong hash', {
          classKey: 'drift',
          sha256: sha256('x'),
          provenance: { model: 'model-b' },
        }),
      );
      expect(broken.asset.status).toBe('validation_failed');
      await submitAs(undefined, 'No model named');

      const [{ week, week_start }] = await q.db.query(
        `SELECT to_char(now() AT TIME ZONE 'UTC', 'IYYY-"W"IW') AS week,
                to_char(date_trunc('week', now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week_start`,
      );
      const report = await q.http
        .get('/v1/reports/drift?classKey=drift')
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(report.body.classKey).toBe('drift');
      expect(report.body.rows).toEqual([
        { model: '(unknown)', week, weekStart: week_start, validated: 1, failed: 0, failureRate: 0 },
        { model: 'model-a', week, weekStart: week_start, validated: 2, failed: 0, failureRate: 0 },
        { model: 'model-b', week, weekStart: week_start, validated: 3, failed: 1, failureRate: 0.3333 },
      ]);
      expect(report.body.models).toEqual([
        { model: '(unknown)', validated: 1, failed: 0, failureRate: 0 },
        { model: 'model-a', validated: 2, failed: 0, failureRate: 0 },
        { model: 'model-b', validated: 3, failed: 1, failureRate: 0.3333 },
      ]);

      const past = await q.http
        .get('/v1/reports/drift?classKey=drift&from=2020-01-01&to=2020-03-01')
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(past.body.rows).toEqual([]);
      const all = await q.http.get('/v1/reports/drift').set(bearer(admin.accessToken)).expect(200);
      expect(all.body.classKey).toBeNull();
      expect(all.body.rows.length).toBeGreaterThanOrEqual(3);

      await q.http.get('/v1/reports/drift?from=yesterday').set(bearer(admin.accessToken)).expect(400);
      await q.http.get('/v1/reports/drift?colour=red').set(bearer(admin.accessToken)).expect(400);
      await q.http
        .get('/v1/reports/drift?from=2025-02-01&to=2025-01-01')
        .set(bearer(admin.accessToken))
        .expect(422);
      await q.http.get('/v1/reports/drift?classKey=no-such-class').set(bearer(admin.accessToken)).expect(404);
    });
  });
});
