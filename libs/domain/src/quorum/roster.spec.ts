import fc from 'fast-check';
import { QuorumInputError } from './input';
import { freezeRoster, type Stakeholder, validateRoster } from './roster';

const s = (voterId: string, weight: number, groups: string[] = []): Stakeholder => ({
  voterId,
  weight,
  groups,
});

describe('freezeRoster', () => {
  it('keeps positive weights, drops the excluded owner, and sorts voters and groups', () => {
    const roster = freezeRoster(
      [s('zoe', 3, ['legal', 'brand', 'legal']), s('owner', 5), s('idle', 0), s('Adam', 1), s('ben', 2)],
      ['owner'],
    );
    expect(roster).toEqual([s('Adam', 1), s('ben', 2), s('zoe', 3, ['brand', 'legal'])]);
  });

  it('is deeply frozen', () => {
    const roster = freezeRoster([s('a', 1, ['g'])], []);
    expect(Object.isFrozen(roster)).toBe(true);
    expect(Object.isFrozen(roster[0])).toBe(true);
    expect(Object.isFrozen(roster[0].groups)).toBe(true);
  });

  it('does not depend on the order the stakeholders were loaded in', () => {
    const stakeholder = fc.record({
      voterId: fc.string({ minLength: 1, maxLength: 4 }),
      weight: fc.integer({ min: 0, max: 100 }),
      groups: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(stakeholder, { selector: (x) => x.voterId, maxLength: 8 }),
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
        (stakeholders, excluded) => {
          const once = freezeRoster(stakeholders, excluded);
          expect(freezeRoster([...stakeholders].reverse(), excluded)).toEqual(once);
          expect(once.every((v) => v.weight > 0 && !excluded.includes(v.voterId))).toBe(true);
          expect(once).toHaveLength(
            stakeholders.filter((x) => x.weight > 0 && !excluded.includes(x.voterId)).length,
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it.each([
    ['a negative weight', [s('a', -1)], 'stakeholder "a" has weight -1; weights are whole numbers >= 0'],
    ['a fractional weight', [s('a', 0.5)], 'stakeholder "a" has weight 0.5; weights are whole numbers >= 0'],
    ['a duplicate voter', [s('a', 1), s('a', 2)], 'voter "a" is on the roster more than once'],
    ['an empty voter id', [s('', 1)], 'roster[0].voterId must be a non-empty string, got ""'],
  ])('throws on %s', (_, stakeholders, problem) => {
    expect(() => freezeRoster(stakeholders, [])).toThrow(new QuorumInputError([problem]));
  });

  it('throws when the total weight would not be exact as a number', () => {
    const half = Math.ceil(Number.MAX_SAFE_INTEGER / 2);
    expect(() => freezeRoster([s('a', half), s('b', half - 1)], [])).not.toThrow();
    expect(() => freezeRoster([s('a', half), s('b', half)], [])).toThrow(/exceeds 9007199254740991/);
  });
});

describe('validateRoster', () => {
  it('accepts an empty roster, which decide handles', () => {
    expect(validateRoster([])).toEqual([]);
  });

  it('rejects weights of zero and malformed groups', () => {
    expect(validateRoster([s('a', 0), { voterId: 'b', weight: 1, groups: [''] }])).toEqual([
      'roster[0].weight must be a whole number > 0, got 0',
      'roster[1].groups must be a list of non-empty group names, got [""]',
    ]);
  });
});
