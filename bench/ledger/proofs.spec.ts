import { inclusionProofRanges } from '../../libs/domain/src';
import { proofLength } from './proofs';

describe('proofLength', () => {
  it('is the longest inclusion proof of a tree of that size', () => {
    for (const size of [2, 3, 64, 1000, 100_000, 1_000_000]) {
      const longest = Math.max(
        ...[0, size - 1, Math.floor(size / 2)].map((i) => inclusionProofRanges(i, size).length),
      );
      expect(proofLength(size)).toBe(longest);
    }
    expect(proofLength(1)).toBe(1);
  });
});
