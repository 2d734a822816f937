import fc from 'fast-check';
import { check, textAt } from '../testing/check-rule';

describe('max-length', () => {
  it('points at the excess, counting code points', () => {
    const text = 'ab😀\r\ncdef';
    // a, b, 😀, \r, \n, c are the first six; "def" is over.
    expect(check({ kind: 'max-length', max: 6 }, text)).toEqual([
      {
        ruleId: 'r',
        severity: 'error',
        message: 'Text is 9 characters long; the maximum is 6',
        location: { line: 2, column: 2, length: 3 },
      },
    ]);
  });

  it('passes at exactly the maximum and fails one over, for any text', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '😀', '\n', 'é'), maxLength: 30 });
    fc.assert(
      fc.property(text, (t) => {
        const length = Array.from(t).length;
        expect(check({ kind: 'max-length', max: length }, t)).toEqual([]);
        if (length === 0) return;
        const [finding] = check({ kind: 'max-length', max: length - 1 }, t);
        expect(finding.location?.length).toBe(1);
        expect(textAt(t, finding.location!)).toBe(Array.from(t)[length - 1]);
      }),
      { numRuns: 100 },
    );
  });

  it('does not count a byte order mark', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0x62]);
    expect(check({ kind: 'max-length', max: 2 }, bom)).toEqual([]);
  });
});

describe('min-length', () => {
  it('reports text that is too short, without a location', () => {
    expect(check({ kind: 'min-length', min: 3 }, '😀😀')).toEqual([
      { ruleId: 'r', severity: 'error', message: 'Text is 2 characters long; the minimum is 3' },
    ]);
    expect(check({ kind: 'min-length', min: 2 }, '😀😀')).toEqual([]);
  });
});
