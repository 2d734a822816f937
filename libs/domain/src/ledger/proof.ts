import { assertHash, isIndex, largestPowerOfTwoBelow, nodeHash } from './merkle';

/** Leaves [start, end) of the log: one node of the RFC 6962 tree. */
export interface SubtreeRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Supplies MTH(D[start:end]) so proofs can be built without holding the whole log in memory.
 *
 * Proof generation only ever asks for ranges of the RFC's recursive split, and each requested range is
 * one of two shapes, which is what lets a database answer with O(log n) stored hashes:
 * - a perfect subtree: `end - start` is a power of two and `start` is a multiple of it, so its hash
 *   never changes once the log has grown past `end`; or
 * - the ragged right edge `[start, treeSize)`, whose hash is the RFC fold of the O(log n) perfect
 *   subtrees it splits into.
 * The generators request at most ceil(log2(size)) + 1 ranges per proof.
 */
export interface SubtreeHashSource {
  hash(start: number, end: number): Uint8Array;
}

/**
 * The ranges whose hashes make up PATH(index, D[size]) (RFC 9162 section 2.1.3.1), in proof order
 * (leaf end first). Exposed separately so an async store can fetch them all in one round trip and then
 * answer `inclusionProof` from a map.
 */
export function inclusionProofRanges(index: number, size: number): SubtreeRange[] {
  if (!isIndex(size) || size < 1) throw new RangeError(`size must be a positive safe integer, got ${size}`);
  if (!isIndex(index) || index >= size) {
    throw new RangeError(`index must be a safe integer in [0, ${size}), got ${index}`);
  }
  // Walk down from the root; the RFC builds the path bottom-up, so reverse at the end.
  const ranges: SubtreeRange[] = [];
  let start = 0;
  let n = size;
  let m = index;
  while (n > 1) {
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      ranges.push({ start: start + k, end: start + n });
      n = k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      m -= k;
      n -= k;
    }
  }
  return ranges.reverse();
}

/**
 * The ranges whose hashes make up PROOF(from, D[to]) (RFC 9162 section 2.1.4.1), in proof order.
 * `from` must be at least 1: the RFC defines no proof from the empty tree, since every tree trivially
 * extends it and there is nothing to prove. `from === to` yields the empty proof.
 */
export function consistencyProofRanges(from: number, to: number): SubtreeRange[] {
  if (!isIndex(to) || to < 1) throw new RangeError(`to must be a positive safe integer, got ${to}`);
  if (!isIndex(from) || from < 1 || from > to) {
    throw new RangeError(`from must be a safe integer in [1, ${to}], got ${from}`);
  }
  const ranges: SubtreeRange[] = [];
  let start = 0;
  let m = from;
  let n = to;
  // The RFC's flag b: while the old tree is a left-edge prefix, its root is known to the verifier and
  // is left out; once we step right, the old tree's subtree hash has to be sent.
  let oldRootIsKnown = true;
  while (m !== n) {
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      ranges.push({ start: start + k, end: start + n });
      n = k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      m -= k;
      n -= k;
      oldRootIsKnown = false;
    }
  }
  if (!oldRootIsKnown) ranges.push({ start, end: start + n });
  return ranges.reverse();
}

/** PATH(index, D[size]): the audit path proving leaf `index` is in the tree of `size` leaves. */
export function inclusionProof(index: number, size: number, source: SubtreeHashSource): Buffer[] {
  return inclusionProofRanges(index, size).map((r) => fetchHash(source, r));
}

/** PROOF(from, D[to]): proves the tree of `from` leaves is a prefix of the tree of `to` leaves. */
export function consistencyProof(from: number, to: number, source: SubtreeHashSource): Buffer[] {
  return consistencyProofRanges(from, to).map((r) => fetchHash(source, r));
}

function fetchHash(source: SubtreeHashSource, { start, end }: SubtreeRange): Buffer {
  const h = source.hash(start, end);
  assertHash(h, `hash of subtree [${start}, ${end})`);
  // Copy so callers can't alias (and corrupt) a source's cache through the returned proof.
  return Buffer.from(h);
}

/**
 * A SubtreeHashSource over leaf hashes held in memory, memoising every range it computes. Meant for
 * tests and small logs; a real store would keep the perfect-subtree hashes instead.
 */
export class InMemorySubtreeHashSource implements SubtreeHashSource {
  private readonly leaves: readonly Buffer[];
  private readonly memo = new Map<string, Buffer>();

  constructor(leafHashes: readonly Uint8Array[]) {
    this.leaves = leafHashes.map((h, i) => {
      assertHash(h, `leaf hash ${i}`);
      return Buffer.from(h);
    });
  }

  get size(): number {
    return this.leaves.length;
  }

  hash(start: number, end: number): Buffer {
    if (!isIndex(start) || !isIndex(end) || start >= end || end > this.leaves.length) {
      throw new RangeError(`invalid subtree [${start}, ${end}) of a ${this.leaves.length}-leaf tree`);
    }
    if (end - start === 1) return this.leaves[start];
    const key = `${start}:${end}`;
    let h = this.memo.get(key);
    if (h === undefined) {
      const split = start + largestPowerOfTwoBelow(end - start);
      h = nodeHash(this.hash(start, split), this.hash(split, end));
      this.memo.set(key, h);
    }
    return h;
  }
}
