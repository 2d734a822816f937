import fc from 'fast-check';
import { type ConsensusPolicy, requiresReview, validatePolicy } from './policy';

const valid: ConsensusPolicy = {
  mode: 'quorum',
  quorumBps: 5000,
  approvalBps: 6667,
  minApprovers: 2,
  requiredGroups: ['legal'],
  vetoGroups: ['legal', 'security'],
  votingPeriodSeconds: 86400,
  earlyDecision: true,
};

// Policies reach the domain from JSON, so wrong runtime types must be reported, not trusted.
const withField = (field: string, value: unknown): ConsensusPolicy => ({ ...valid, [field]: value });

describe('validatePolicy', () => {
  it('accepts a valid policy, and every value at the ends of the ranges', () => {
    expect(validatePolicy(valid)).toEqual([]);
    fc.assert(
      fc.property(
        fc.record({
          mode: fc.constantFrom('auto' as const, 'quorum' as const),
          quorumBps: fc.constantFrom(0, 1, 9999, 10000),
          approvalBps: fc.integer({ min: 0, max: 10000 }),
          minApprovers: fc.constantFrom(0, 1, Number.MAX_SAFE_INTEGER),
          requiredGroups: fc.uniqueArray(fc.constantFrom('a', 'b', 'c')),
          vetoGroups: fc.uniqueArray(fc.constantFrom('a', 'b', 'c')),
          votingPeriodSeconds: fc.constantFrom(1, 60, Math.floor(Number.MAX_SAFE_INTEGER / 1000)),
          earlyDecision: fc.boolean(),
        }),
        (policy) => expect(validatePolicy(policy)).toEqual([]),
      ),
      { numRuns: 50 },
    );
  });

  it.each([
    ['mode', 'manual', 'mode must be "auto" or "quorum", got "manual"'],
    ['quorumBps', -1, 'quorumBps must be a whole number of basis points from 0 to 10000, got -1'],
    ['quorumBps', 10001, 'quorumBps must be a whole number of basis points from 0 to 10000, got 10001'],
    ['quorumBps', 50.5, 'quorumBps must be a whole number of basis points from 0 to 10000, got 50.5'],
    ['approvalBps', '5000', 'approvalBps must be a whole number of basis points from 0 to 10000, got "5000"'],
    [
      'approvalBps',
      Number.NaN,
      'approvalBps must be a whole number of basis points from 0 to 10000, got NaN',
    ],
    ['minApprovers', -1, 'minApprovers must be a whole number >= 0, got -1'],
    ['minApprovers', 1.5, 'minApprovers must be a whole number >= 0, got 1.5'],
    ['votingPeriodSeconds', 0, 'votingPeriodSeconds must be a whole number from 1 to 9007199254740, got 0'],
    [
      'votingPeriodSeconds',
      9007199254741,
      'votingPeriodSeconds must be a whole number from 1 to 9007199254740, got 9007199254741',
    ],
    [
      'votingPeriodSeconds',
      Infinity,
      'votingPeriodSeconds must be a whole number from 1 to 9007199254740, got Infinity',
    ],
    ['earlyDecision', 'yes', 'earlyDecision must be true or false, got "yes"'],
    ['requiredGroups', 'legal', 'requiredGroups must be a list of group names, got "legal"'],
    ['requiredGroups', ['legal', ' '], 'requiredGroups[1] must be a non-empty group name, got " "'],
    ['vetoGroups', ['legal', 7], 'vetoGroups[1] must be a non-empty group name, got 7'],
    ['vetoGroups', ['legal', 'legal'], 'vetoGroups lists "legal" more than once'],
  ])('reports %s = %p', (field, value, problem) => {
    expect(validatePolicy(withField(field, value))).toEqual([problem]);
  });

  it('reports every problem at once', () => {
    const policy = { ...withField('quorumBps', -5), minApprovers: -1, earlyDecision: undefined };
    expect(validatePolicy(policy as unknown as ConsensusPolicy)).toHaveLength(3);
  });
});

describe('requiresReview', () => {
  it('holds for quorum classes only', () => {
    expect(requiresReview({ mode: 'quorum' })).toBe(true);
    expect(requiresReview({ mode: 'auto' })).toBe(false);
  });
});
