import fc from 'fast-check';
import {
  ALL_VERSION_STATUSES,
  assertTransition,
  canTransition,
  IllegalTransitionError,
  isPendingWork,
  isTerminal,
  statusAfterValidation,
  VersionStatus,
} from './lifecycle';

describe('version lifecycle', () => {
  it('follows the happy path of an auto class', () => {
    const path: VersionStatus[] = ['submitted', 'validating', 'approved', 'released'];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1], path[i])).toBe(true);
  });

  it('follows the review path of a quorum class', () => {
    expect(canTransition('validating', 'in_review')).toBe(true);
    expect(canTransition('in_review', 'approved')).toBe(true);
    expect(canTransition('in_review', 'rejected')).toBe(true);
    expect(canTransition('in_review', 'expired')).toBe(true);
  });

  it('refuses skips and moves backwards', () => {
    expect(canTransition('validating', 'released')).toBe(false);
    expect(canTransition('approved', 'validating')).toBe(false);
    expect(canTransition('in_review', 'released')).toBe(false);
    expect(() => assertTransition('submitted', 'released')).toThrow(IllegalTransitionError);
  });

  it('lets no state leave a terminal state', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_VERSION_STATUSES),
        fc.constantFrom(...ALL_VERSION_STATUSES),
        (from, to) => {
          if (isTerminal(from)) expect(canTransition(from, to)).toBe(false);
        },
      ),
    );
  });

  it('lets every non-terminal state be superseded or withdrawn', () => {
    for (const status of ALL_VERSION_STATUSES.filter((s) => !isTerminal(s))) {
      expect(canTransition(status, 'superseded')).toBe(true);
      expect(canTransition(status, 'withdrawn')).toBe(true);
    }
  });

  it('marks as pending work exactly the states a job must still move', () => {
    expect(ALL_VERSION_STATUSES.filter(isPendingWork).sort()).toEqual([
      'approved',
      'submitted',
      'validating',
    ]);
  });

  it('routes a validated version by the class mode', () => {
    expect(statusAfterValidation(true, 'auto')).toBe('approved');
    expect(statusAfterValidation(true, 'quorum')).toBe('in_review');
    expect(statusAfterValidation(false, 'auto')).toBe('validation_failed');
    expect(statusAfterValidation(false, 'quorum')).toBe('validation_failed');
  });
});
