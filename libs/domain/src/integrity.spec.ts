import fc from 'fast-check';
import { checkDeclaredHash, INTEGRITY_RULE_ID } from './integrity';
import { passes } from './finding';

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);

describe('declared hash check', () => {
  it('passes when the hashes agree', () => {
    fc.assert(fc.property(hex64, (h) => expect(checkDeclaredHash(h, h)).toEqual([])));
  });

  it('fails with one blocking finding naming both hashes when they differ', () => {
    fc.assert(
      fc.property(hex64, hex64, (declared, actual) => {
        fc.pre(declared !== actual);
        const findings = checkDeclaredHash(declared, actual);
        expect(findings).toHaveLength(1);
        expect(findings[0].ruleId).toBe(INTEGRITY_RULE_ID);
        expect(findings[0].message).toContain(declared);
        expect(findings[0].message).toContain(actual);
        expect(passes(findings)).toBe(false);
      }),
    );
  });

  it('lets warnings through but not errors', () => {
    expect(passes([{ ruleId: 'x', severity: 'warning', message: 'w' }])).toBe(true);
    expect(passes([{ ruleId: 'x', severity: 'error', message: 'e' }])).toBe(false);
  });
});
