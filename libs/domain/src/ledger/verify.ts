import { isHash, isIndex, nodeHash } from './merkle';

// Verifiers take proofs from untrusted parties, so every check below answers false instead of throwing:
// a malformed proof is just another invalid proof.

// Sizes may exceed 2^32, where JS bitwise operators silently truncate, so bits are handled arithmetically.
const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

// Not Math.log2: near 2^53 it rounds, e.g. log2(2^52 + 1) === 52.
function isPowerOfTwo(x: number): boolean {
  while (x > 1 && !isOdd(x)) x = half(x);
  return x === 1;
}

function isProof(proof: unknown): proof is readonly Uint8Array[] {
  return Array.isArray(proof) && proof.every(isHash);
}

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

/**
 * Checks that `leaf` (an already-computed leaf hash) is entry `index` of the tree of `size` leaves whose
 * root is `root`, following RFC 9162 section 2.1.3.2.
 */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isIndex(index) || !isIndex(size) || index >= size) return false;
  if (!isHash(leaf) || !isHash(root) || !isProof(proof)) return false;

  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    // The path is longer than the tree is deep: an extended or mis-sized proof.
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // On the tree's right edge a node with no sibling is promoted unchanged, so skip those levels.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // sn must reach 0 exactly, or the path was too short for a tree of this size.
  return sn === 0 && sameHash(r, root);
}

/**
 * Checks that the tree of `from` leaves with root `oldRoot` is a prefix of the tree of `to` leaves with
 * root `newRoot`, following RFC 9162 section 2.1.4.2.
 *
 * `from === to` is consistent only with an empty proof and equal roots. `from === 0` is rejected: RFC 9162
 * defines no consistency proof from the empty tree (any tree extends it, so there is nothing to verify),
 * and accepting one here would let a caller skip checking the new root entirely.
 */
export function verifyConsistency(
  from: number,
  to: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): boolean {
  if (!isIndex(from) || !isIndex(to) || from < 1 || from > to) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !isProof(proof)) return false;
  if (from === to) return proof.length === 0 && sameHash(oldRoot, newRoot);
  if (proof.length === 0) return false;

  // When the old tree is a perfect subtree its root is the first node of the walk, so the proof omits it.
  const path: readonly Uint8Array[] = isPowerOfTwo(from) ? [oldRoot, ...proof] : proof;

  let fn = from - 1;
  let sn = to - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameHash(fr, oldRoot) && sameHash(sr, newRoot);
}
