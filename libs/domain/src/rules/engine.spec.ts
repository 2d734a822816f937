import { passes } from '../finding';
import { MAX_FINDINGS_PER_RULE, runRules } from './engine';
import type { Rule, RuleSet } from './rule-set';
import { EXAMPLE_RULE_SET } from './testing/example-rule-set';
import { png } from './testing/images';
import { validateRuleSet } from './validate-rule-set';

const utf8 = (s: string) => new TextEncoder().encode(s);
const run = (rules: Rule[], content: string | Uint8Array, mediaType = 'text/plain') =>
  runRules({ content: typeof content === 'string' ? utf8(content) : content, mediaType, ruleSet: { rules } });

const banned: Rule = { id: 'banned', kind: 'banned-term', severity: 'error', terms: [{ term: 'synergy' }] };
const casing: Rule = { id: 'casing', kind: 'term-casing', severity: 'warning', terms: ['Quorate'] };
const required: Rule = {
  id: 'required',
  kind: 'required-phrase',
  severity: 'warning',
  phrase: 'Quorate Inc.',
};
const maxBytes: Rule = { id: 'bytes', kind: 'max-bytes', severity: 'error', max: 10 };

describe('runRules', () => {
  it('runs every rule and orders findings: no location first, then by line and column', () => {
    const findings = run([banned, casing, required], 'quorate synergy\nsynergy QUORATE');
    expect(findings.map((f) => [f.ruleId, f.location?.line, f.location?.column])).toEqual([
      ['required', undefined, undefined],
      ['casing', 1, 1],
      ['banned', 1, 9],
      ['banned', 2, 1],
      ['casing', 2, 9],
    ]);
    expect(findings.find((f) => f.ruleId === 'casing')?.severity).toBe('warning');
  });

  it('returns nothing for an empty rule set', () => {
    expect(run([], 'anything')).toEqual([]);
  });

  it('gives binary content only the byte, media type and dimension rules', () => {
    const image = png(2000, 10);
    const withText = new Uint8Array([...image, ...utf8('synergy')]);
    const dims: Rule = { id: 'dims', kind: 'image-dimensions', severity: 'error', maxWidth: 1000 };
    const findings = run([banned, required, maxBytes, dims], withText, 'image/png');
    expect(findings.map((f) => f.ruleId)).toEqual(['bytes', 'dims']);
  });

  it('gives SVG both textual and image rules', () => {
    const dims: Rule = { id: 'dims', kind: 'image-dimensions', severity: 'error', maxWidth: 10 };
    const findings = run(
      [banned, dims],
      '<svg width="20" height="5"><text>synergy</text></svg>',
      'image/svg+xml',
    );
    expect(findings.map((f) => f.ruleId)).toEqual(['dims', 'banned']);
  });

  it('reads declared text as UTF-8, ignoring media type parameters, a BOM and stray bytes', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, 0xff, ...utf8('synergy')]);
    expect(run([banned], bytes, 'TEXT/Markdown; charset=utf-8')[0].location).toEqual({
      line: 1,
      column: 2,
      length: 7,
    });
  });

  it('turns a rule that cannot be evaluated into an error finding and runs the others', () => {
    const broken = {
      id: 'broken',
      kind: 'pattern',
      severity: 'warning',
      pattern: '(?=x)',
      mustMatch: true,
      message: 'm',
    } as const;
    const findings = run([broken, banned], 'synergy');
    expect(findings).toEqual([
      {
        ruleId: 'rule.broken.crashed',
        severity: 'error',
        message: expect.stringMatching(
          /^rule "broken" could not be evaluated: RE2 syntax has no lookahead/,
        ) as string,
      },
      {
        ruleId: 'banned',
        severity: 'error',
        message: 'Banned term "synergy"',
        location: { line: 1, column: 1, length: 7 },
      },
    ]);
    expect(passes(findings.slice(0, 1))).toBe(false);
  });

  it('fails closed on a kind it does not know, for text and for binary content', () => {
    const future = { id: 'future', kind: 'sentiment', severity: 'warning' } as unknown as Rule;
    for (const [content, type] of [
      ['x', 'text/plain'],
      [png(1, 1), 'image/png'],
    ] as const) {
      expect(run([future], content, type)).toEqual([
        {
          ruleId: 'rule.future.crashed',
          severity: 'error',
          message: 'rule "future" could not be evaluated: unknown rule kind "sentiment"',
        },
      ]);
    }
  });

  it(`lists at most ${MAX_FINDINGS_PER_RULE} findings per rule and sums up the rest`, () => {
    const many = run([banned, casing], `${'synergy '.repeat(MAX_FINDINGS_PER_RULE + 50)}quorate`);
    expect(many.filter((f) => f.ruleId === 'banned' && f.location)).toHaveLength(MAX_FINDINGS_PER_RULE);
    expect(many[0]).toEqual({
      ruleId: 'banned',
      severity: 'error',
      message: '50 more findings of this rule not listed',
    });
    expect(many.filter((f) => f.ruleId === 'casing')).toHaveLength(1);
    const oneOver = run([banned], 'synergy '.repeat(MAX_FINDINGS_PER_RULE + 1));
    expect(oneOver[0].message).toBe('1 more finding of this rule not listed');
    expect(run([banned], 'synergy '.repeat(MAX_FINDINGS_PER_RULE))).toHaveLength(MAX_FINDINGS_PER_RULE);
  });

  it('passes content that meets the example rule set, and blocks content that does not', () => {
    const validation = validateRuleSet(EXAMPLE_RULE_SET);
    if (!validation.ok) throw new Error(validation.problems.join('\n'));
    const ruleSet: RuleSet = validation.ruleSet;
    const good = '# Launch\n\nQuorate Inc. ships on [GitHub](https://github.com/quorate).\n';
    expect(runRules({ content: utf8(good), mediaType: 'text/markdown', ruleSet })).toEqual([]);
    const bad = '# Launch\n\nOur synergy: mail jane@acme.co, see https://evil.com. TODO\n';
    const findings = runRules({ content: utf8(bad), mediaType: 'text/markdown', ruleSet });
    expect(findings.map((f) => f.ruleId)).toEqual([
      'legal-line',
      'no-buzzwords',
      'no-personal-data',
      'own-links',
      'no-todo',
    ]);
    expect(passes(findings)).toBe(false);
  });

  it('stays linear on long runs that would make a careless expression quadratic', () => {
    const validation = validateRuleSet(EXAMPLE_RULE_SET);
    if (!validation.ok) throw new Error(validation.problems.join('\n'));
    const rules = [
      ...validation.ruleSet.rules,
      { id: 'all-secrets', kind: 'secrets', severity: 'error' } as const,
    ];
    const hostile = [
      `api_key${' '.repeat(50_000)}x`,
      `<svg width="1${' '.repeat(50_000)}!">`,
      `a@${'aa.'.repeat(15_000)}-`,
      `-----BEGIN ${'A '.repeat(25_000)}`,
      `{${'-'.repeat(50_000)}:red`,
      `(${'1'.repeat(50_000)}`,
    ];
    const started = performance.now();
    for (const text of hostile) {
      for (const mediaType of ['text/html', 'text/css'])
        runRules({ content: utf8(text), mediaType, ruleSet: { rules } });
    }
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('gives bytes that are not text no text findings, whatever type they were declared as', () => {
    const image = png(600, 400);
    for (const mediaType of ['image/svg+xml', 'text/plain', 'text/html', 'text/markdown']) {
      expect([mediaType, run([banned, casing, required], image, mediaType)]).toEqual([mediaType, []]);
    }
    const withNul = utf8('synergy\u0000synergy');
    expect(run([banned], withNul, 'text/plain')).toEqual([]);
  });

  it('reports a span that two detectors see once, as the most specific finding', () => {
    const hook = [
      'https://hooks.slack.com/services/',
      'T01ABCDEF/',
      'B02GHIJKL/',
      'a1B2c3D4e5F6g7H8i9J0k1L2',
    ].join('');
    const password = ['s3cr', 'etPa55w0rd'].join('');
    const rules: Rule[] = [
      { id: 'links', kind: 'link-domains', severity: 'error', domains: ['quorate.io'] },
      { id: 'secrets', kind: 'secrets', severity: 'error' },
      { id: 'pii', kind: 'pii', severity: 'error', kinds: ['email'] },
    ];
    const text = `Hook: ${hook}\nDB: postgres://app:${password}@db.quorate.io/app\nSee https://evil.com`;
    expect(run(rules, text).map((f) => [f.ruleId, f.location?.line])).toEqual([
      ['secrets', 1],
      ['secrets', 2],
      ['links', 3],
    ]);
    // A more severe finding is not hidden behind a milder one.
    const milder: Rule[] = [{ ...rules[0] }, { id: 'secrets', kind: 'secrets', severity: 'warning' }];
    expect(run(milder, `Hook: ${hook}`).map((f) => f.ruleId)).toEqual(['links', 'secrets']);
  });

  it('evaluates a rule only on the media types it is limited to', () => {
    const htmlOnly: Rule = { ...banned, mediaTypes: ['text/html', 'image/*'] };
    expect(run([htmlOnly], 'synergy', 'text/plain')).toEqual([]);
    expect(run([htmlOnly], '<p>synergy</p>', 'text/html')).toHaveLength(1);
    expect(run([htmlOnly], '<svg><text>synergy</text></svg>', 'image/svg+xml')).toHaveLength(1);
    expect(validateRuleSet({ rules: [{ ...htmlOnly, mediaTypes: ['html'] }] })).toMatchObject({
      ok: false,
      problems: ['rules[0].mediaTypes[0]: must be a media type such as "image/png" or "image/*"'],
    });
  });

  it('validates a 5 MB document against every rule kind well within the per-run time bound', () => {
    const validation = validateRuleSet(EXAMPLE_RULE_SET);
    if (!validation.ok) throw new Error(validation.problems.join('\n'));
    const rules = [
      ...validation.ruleSet.rules,
      { id: 'all-secrets', kind: 'secrets', severity: 'error' } as const,
      {
        id: 'ends',
        kind: 'pattern',
        severity: 'error',
        pattern: '(a+)+$',
        mustMatch: false,
        message: 'x',
      } as const,
    ];
    const paragraph =
      '<p>Quorate Inc. 使用Quorate管理 — see https://quorate.io/docs，or call +44 20 7946 0958 &amp; more.</p>\n';
    const html = paragraph.repeat(Math.floor(5_242_880 / utf8(paragraph).length));
    // CPU time of this process, not wall time: other processes on a busy machine do not count.
    const started = process.cpuUsage();
    const findings = runRules({ content: utf8(html), mediaType: 'text/html', ruleSet: { rules } });
    const { user, system } = process.cpuUsage(started);
    expect(findings.some((f) => f.ruleId === 'no-personal-data')).toBe(true);
    // RULE_TIMEOUT_MS defaults to 10 s; about 5 s of CPU here.
    expect((user + system) / 1000).toBeLessThan(10_000);
  });
});
