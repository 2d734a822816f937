import { check } from '../testing/check-rule';

describe('required-phrase', () => {
  const rule = { kind: 'required-phrase', phrase: 'Quorate Inc.' } as const;

  it('passes when the phrase is present, in any case, across a line break', () => {
    expect(check(rule, 'Made by Quorate Inc. in 2024')).toEqual([]);
    expect(check(rule, 'Made by QUORATE inc.')).toEqual([]);
    expect(check(rule, 'Made by Quorate\r\nInc.')).toEqual([]);
  });

  it('reports a missing phrase once, without a location', () => {
    expect(check(rule, 'Made by Quorate Incorporated')).toEqual([
      { ruleId: 'r', severity: 'error', message: 'Required phrase "Quorate Inc." is missing' },
    ]);
  });

  it('reads "." literally and respects caseSensitive', () => {
    expect(check(rule, 'Quorate Inc!')).toHaveLength(1);
    expect(check({ ...rule, caseSensitive: true }, 'quorate inc.')).toHaveLength(1);
    expect(check({ ...rule, caseSensitive: true }, 'Quorate Inc.')).toEqual([]);
  });
});
