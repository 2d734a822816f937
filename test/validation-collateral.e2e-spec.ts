import type { INestApplicationContext } from '@nestjs/common';
import { startWorker } from '../apps/worker/src/main';
import { png } from '../libs/domain/src/rules/testing/images';
import { settled, sha256, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { createPerson } from './support/people';
import { at, createClass, createRuleSet } from './support/rule-sets';

/** Realistic collateral through the API: SVG exports, CJK landing pages, HTML e-mails. */
describe('validation of real collateral', () => {
  let q: Quorate;
  let worker: INestApplicationContext;

  const LINKS = { id: 'own-links', kind: 'link-domains', severity: 'error', domains: ['quorate.io'] };
  const BRAND = { id: 'brand-names', kind: 'term-casing', severity: 'error', terms: ['Quorate'] };
  const TERMS = { id: 'terms', kind: 'required-phrase', severity: 'error', phrase: 'Terms apply.' };

  beforeAll(async () => {
    q = await startQuorate({ worker: false });
    worker = await startWorker(q.env);
    const admin = await createPerson(q, 'admin');
    for (const key of ['banner', 'landing', 'email']) await createClass(q, key);
    await createRuleSet(q.http, admin.accessToken, { key: 'banner', rules: [LINKS, BRAND] }, ['banner']);
    await createRuleSet(q.http, admin.accessToken, { key: 'landing', rules: [LINKS, BRAND] }, ['landing']);
    await createRuleSet(q.http, admin.accessToken, { key: 'email', rules: [TERMS, BRAND] }, ['email']);
  });
  afterAll(async () => {
    await worker.close();
    await q.close();
  });

  const run = async (classKey: string, text: string, mediaType: string) => {
    const id = await submit(q.http, q.demo.botKey, textAsset(text, { classKey, mediaType }));
    return settled(q.http, q.demo.botKey, id, 30_000);
  };

  it('releases an SVG banner with XML namespaces and a doctype when its real links are allowed', async () => {
    const svg = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"',
      '     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="1200" height="400">',
      '  <a xlink:href="https://quorate.io/launch"><text x="10" y="50">Meet Quorate</text></a>',
      '</svg>',
    ].join('\n');
    const asset = await run('banner', svg, 'image/svg+xml');
    expect(asset.versions[0].findings).toEqual([]);
    expect(asset.status).toBe('released');

    const withEvilLink = svg.replace('https://quorate.io/launch', 'https://evil.example.net/x');
    const failed = await run('banner', withEvilLink, 'image/svg+xml');
    expect(failed.status).toBe('validation_failed');
    expect(failed.versions[0].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['own-links']);
  });

  it('fails a Chinese landing page with a misspelt brand name and a disallowed URL, each at its column', async () => {
    const page = [
      '# 春季发布',
      '',
      '欢迎使用QuoRate管理您的资产。',
      '详情请访问https://quorate.io/zh，或https://evil.com/offer了解更多。',
    ].join('\n');
    const asset = await run('landing', page, 'text/markdown');
    expect(asset.status).toBe('validation_failed');
    expect(asset.versions[0].findings).toEqual([
      {
        ruleId: 'brand-names',
        severity: 'error',
        message: '"QuoRate" should be written "Quorate"',
        location: at(page, 'QuoRate'),
      },
      {
        ruleId: 'own-links',
        severity: 'error',
        message: 'Link to "evil.com" is outside the allowed domains (quorate.io)',
        location: at(page, 'https://evil.com/offer'),
      },
    ]);
    expect(asset.versions[0].findings[0].location).toEqual({ line: 3, column: 5, length: 7 });
    expect(asset.versions[0].findings[1].location).toEqual({ line: 4, column: 29, length: 22 });
  });

  it('passes an HTML e-mail that writes its required phrase with &nbsp;, and fails one that hides it in a comment', async () => {
    const email = (body: string) =>
      `<!DOCTYPE html>\n<html><body style="margin:0">\n<table><tr><td>Spring offer from Quorate.</td></tr>\n<tr><td>${body}</td></tr></table>\n</body></html>\n`;
    const passed = await run('email', email('<small>Terms&nbsp;apply.</small>'), 'text/html');
    expect(passed.versions[0].findings).toEqual([]);
    expect(passed.status).toBe('released');

    const hidden = await run('email', email('<!-- Terms apply. --><small>See site.</small>'), 'text/html');
    expect(hidden.status).toBe('validation_failed');
    expect(hidden.versions[0].findings).toEqual([
      { ruleId: 'terms', severity: 'error', message: 'Required phrase "Terms apply." is missing' },
    ]);
  });

  it('gives a PNG declared as SVG only its type mismatch, not text findings on its bytes', async () => {
    const bytes = Buffer.from(png(1200, 400));
    const id = await submit(
      q.http,
      q.demo.botKey,
      textAsset('', {
        classKey: 'email',
        text: undefined,
        content: bytes.toString('base64'),
        sha256: sha256(bytes),
        mediaType: 'image/svg+xml',
      }),
    );
    const asset = await settled(q.http, q.demo.botKey, id, 30_000);
    expect(asset.status).toBe('validation_failed');
    expect(asset.versions[0].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      'media.type-mismatch',
    ]);
  });
});
