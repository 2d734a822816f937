import { leafHash } from './merkle';
import {
  consistencyProof,
  consistencyProofRanges,
  inclusionProof,
  inclusionProofRanges,
  InMemorySubtreeHashSource,
  SubtreeRange,
} from './proof';
import { refPath, refProof } from './testing/rfc6962-reference';
import { CT_CONSISTENCY, CT_INCLUSION, CT_LEAVES_HEX } from './testing/vectors';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const N = 64;
const entries = Array.from({ length: N }, (_, i) => Buffer.from(`entry ${i}`));
const source = new InMemorySubtreeHashSource(entries.map((e) => leafHash(e)));

function isPowerOfTwo(x: number): boolean {
  return x >= 1 && Number.isInteger(Math.log2(x));
}

// The SubtreeHashSource contract a database-backed store relies on.
function isStorable(r: SubtreeRange, size: number): boolean {
  const width = r.end - r.start;
  const perfect = isPowerOfTwo(width) && r.start % width === 0;
  return width > 0 && r.end <= size && (perfect || r.end === size);
}

// Thousands of cases: collect mismatches and assert once, which keeps the run fast and the failure
// message readable.
function mismatches<T>(cases: Iterable<T>, bad: (c: T) => boolean): T[] {
  const out: T[] = [];
  for (const c of cases) if (bad(c)) out.push(c);
  return out;
}

function* pairs(maxN: number, minM: number, inclusive: boolean): Generator<[number, number]> {
  for (let n = 1; n <= maxN; n++) for (let m = minM; inclusive ? m <= n : m < n; m++) yield [m, n];
}

const same = (a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean =>
  a.map(hex).join() === b.map(hex).join();

describe('proof generation', () => {
  const ct = new InMemorySubtreeHashSource(CT_LEAVES_HEX.map((h) => leafHash(Buffer.from(h, 'hex'))));

  it('reproduces the published inclusion proofs', () => {
    for (const v of CT_INCLUSION) expect(inclusionProof(v.index, v.size, ct).map(hex)).toEqual(v.proof);
  });

  it('reproduces the published consistency proofs', () => {
    for (const v of CT_CONSISTENCY) expect(consistencyProof(v.from, v.to, ct).map(hex)).toEqual(v.proof);
  });

  it('matches the literal RFC PATH for every leaf of every tree up to 64 leaves', () => {
    const bad = mismatches(
      pairs(N, 0, false),
      ([m, n]) => !same(inclusionProof(m, n, source), refPath(m, entries.slice(0, n))),
    );
    expect(bad).toEqual([]);
  });

  it('matches the literal RFC PROOF for every pair 1 <= m <= n <= 64', () => {
    const bad = mismatches(
      pairs(N, 1, true),
      ([m, n]) => !same(consistencyProof(m, n, source), refProof(m, entries.slice(0, n))),
    );
    expect(bad).toEqual([]);
  });

  it('only asks the store for perfect subtrees or the right edge, within the documented count', () => {
    const fits = (ranges: SubtreeRange[], n: number) =>
      ranges.length <= Math.ceil(Math.log2(n)) + 1 && ranges.every((r) => isStorable(r, n));
    expect(mismatches(pairs(256, 0, false), ([m, n]) => !fits(inclusionProofRanges(m, n), n))).toEqual([]);
    expect(mismatches(pairs(256, 1, true), ([m, n]) => !fits(consistencyProofRanges(m, n), n))).toEqual([]);
  });

  it('gives the empty consistency proof between equal sizes', () => {
    for (let n = 1; n <= 9; n++) expect(consistencyProof(n, n, source)).toEqual([]);
  });

  it('rejects requests outside the tree', () => {
    expect(() => inclusionProofRanges(0, 0)).toThrow(RangeError);
    expect(() => inclusionProofRanges(5, 5)).toThrow(RangeError);
    expect(() => inclusionProofRanges(-1, 5)).toThrow(RangeError);
    expect(() => inclusionProofRanges(1.5, 5)).toThrow(RangeError);
    expect(() => consistencyProofRanges(0, 5)).toThrow(RangeError);
    expect(() => consistencyProofRanges(6, 5)).toThrow(RangeError);
    expect(() => inclusionProof(0, N + 1, source)).toThrow(RangeError);
    expect(() => source.hash(3, 3)).toThrow(RangeError);
  });

  it('does not let callers corrupt the source through a returned proof', () => {
    const before = inclusionProof(3, 8, source);
    before[0].fill(0);
    expect(inclusionProof(3, 8, source)).not.toEqual(before);
  });

  it('refuses a source that answers with a mis-sized hash', () => {
    expect(() => inclusionProof(0, 2, { hash: () => new Uint8Array(16) })).toThrow(RangeError);
  });
});
