import { check, spans } from '../testing/check-rule';
import { compilePattern } from './pattern';

describe('pattern', () => {
  it('reports each match of a must-not-match pattern, with the rule message', () => {
    const rule = {
      kind: 'pattern',
      pattern: String.raw`\bTODO\b`,
      mustMatch: false,
      message: 'Remove TODO notes',
    } as const;
    const findings = check(rule, 'Done.\r\n😀 TODO: x\nTODOS TODO');
    expect(findings.map((f) => f.message)).toEqual(['Remove TODO notes', 'Remove TODO notes']);
    expect(spans(findings)).toEqual([
      [2, 3, 4],
      [3, 7, 4],
    ]);
  });

  it('reports a must-match pattern that matches nowhere, once and without location', () => {
    const rule = {
      kind: 'pattern',
      pattern: '^# ',
      flags: 'm',
      mustMatch: true,
      message: 'Needs a heading',
    } as const;
    expect(check(rule, 'intro\n# Title')).toEqual([]);
    expect(check(rule, 'intro\n## Title')).toEqual([
      { ruleId: 'r', severity: 'error', message: 'Needs a heading' },
    ]);
  });

  it('applies the i, m and s flags', () => {
    const base = { kind: 'pattern', mustMatch: true, message: 'm' } as const;
    expect(check({ ...base, pattern: 'abc' }, 'ABC')).toHaveLength(1);
    expect(check({ ...base, pattern: 'abc', flags: 'i' }, 'ABC')).toEqual([]);
    expect(check({ ...base, pattern: '^b$' }, 'a\nb\nc')).toHaveLength(1);
    expect(check({ ...base, pattern: '^b$', flags: 'm' }, 'a\nb\nc')).toEqual([]);
    expect(check({ ...base, pattern: 'a.b' }, 'a\nb')).toHaveLength(1);
    expect(check({ ...base, pattern: 'a.b', flags: 's' }, 'a\nb')).toEqual([]);
  });

  it('reports an empty match with length 0 and moves on', () => {
    const rule = { kind: 'pattern', pattern: '^', flags: 'm', mustMatch: false, message: 'line' } as const;
    expect(spans(check(rule, 'a\nb'))).toEqual([
      [1, 1, 0],
      [2, 1, 0],
    ]);
  });

  it('runs (a+)+$ on 50 "a" and "!" in linear time, finding no match', () => {
    const rule = { kind: 'pattern', pattern: '(a+)+$', mustMatch: false, message: 'x' } as const;
    const started = performance.now();
    const findings = check(rule, `${'a'.repeat(50)}!`);
    const elapsed = performance.now() - started;
    expect(findings).toEqual([]);
    expect(elapsed).toBeLessThan(100);
    expect(spans(check(rule, 'aaaa'))).toEqual([[1, 1, 4]]);
  });

  it('stays fast on a long hostile input', () => {
    const rule = {
      kind: 'pattern',
      pattern: String.raw`(\w+\s?)+$`,
      mustMatch: false,
      message: 'x',
    } as const;
    const started = performance.now();
    expect(check(rule, `${'word '.repeat(4_000)}!`)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('reads a 2 MB document to its end, a match after the first half megabyte included', () => {
    const rule = { kind: 'pattern', pattern: String.raw`\bTODO\b`, mustMatch: false, message: 'x' } as const;
    const text = `${'Lorem ipsum dolor sit amet.\n'.repeat(75_000)}TODO\n`;
    expect(text.length).toBeGreaterThan(2_000_000);
    const started = performance.now();
    expect(spans(check(rule, text))).toEqual([[75_001, 1, 4]]);
    expect(check({ ...rule, mustMatch: true }, text)).toEqual([]);
    // Linear and well inside the run's time bound (RULE_TIMEOUT_MS, 10 s by default).
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('compilePattern', () => {
  it('explains lookarounds and backreferences, which RE2 lacks', () => {
    for (const p of ['a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b']) {
      expect(() => compilePattern(p)).toThrow(/RE2 syntax has no lookahead or lookbehind/);
    }
    expect(() => compilePattern(String.raw`(a)\1`)).toThrow(/RE2 syntax has no backreferences/);
    expect(() => compilePattern(String.raw`(?<x>a)\k<x>`)).toThrow(/RE2 syntax has no backreferences/);
  });

  it('passes on the parser message for other syntax errors', () => {
    expect(() => compilePattern('[a-')).toThrow(/^not a valid RE2 pattern: missing closing \]/);
  });

  it('refuses unknown flags, overlong sources and oversized programs', () => {
    expect(() => compilePattern('a', 'g')).toThrow('unknown flag "g"');
    expect(() => compilePattern('a'.repeat(2_001))).toThrow(/maximum is 2000/);
    expect(() =>
      compilePattern('[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}'),
    ).toThrow(/instructions; the maximum is 5000/);
  });

  it('compiles named groups and Unicode classes', () => {
    expect(compilePattern(String.raw`(?P<word>\p{L}+)`).matches('héllo')).toBe(true);
  });
});
