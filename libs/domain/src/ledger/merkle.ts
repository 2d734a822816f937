import { createHash } from 'node:crypto';

/** Size in bytes of every hash in the log (SHA-256). */
export const HASH_SIZE = 32;

// Domain-separation prefixes from RFC 6962 section 2.1: without them a leaf could be passed off as an
// interior node (second-preimage attack), so the two kinds of input must never hash alike.
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** SHA-256(0x00 || entry): the hash of one log entry. */
export function leafHash(entry: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(entry).digest();
}

/** SHA-256(0x01 || left || right): the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  // A mis-sized child is always a caller bug, and hashing it anyway would yield a plausible-looking but
  // meaningless root, so fail loudly instead.
  assertHash(left, 'left');
  assertHash(right, 'right');
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) = SHA-256(""): the root of the empty log. */
export function emptyRoot(): Buffer {
  return createHash('sha256').digest();
}

/** MTH(D[n]) per RFC 6962 section 2.1, over already-computed leaf hashes. */
export function rootFromLeafHashes(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return emptyRoot();
  leaves.forEach((leaf, i) => assertHash(leaf, `leaf hash ${i}`));
  return subtreeRoot(leaves, 0, leaves.length);
}

/**
 * The k of the RFC's split: the largest power of two strictly smaller than n (n >= 2).
 * Arithmetic rather than bit operators because JS bitwise ops truncate to 32 bits and sizes may not.
 */
export function largestPowerOfTwoBelow(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`n must be a safe integer >= 2, got ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** True when x is a whole number usable as an index or size without losing precision. */
export function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** True when x is a byte array of exactly one hash's length. */
export function isHash(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array && x.length === HASH_SIZE;
}

export function assertHash(x: unknown, what: string): asserts x is Uint8Array {
  if (!isHash(x)) throw new RangeError(`${what} must be a ${HASH_SIZE}-byte hash`);
}

function subtreeRoot(leaves: readonly Uint8Array[], start: number, end: number): Buffer {
  const n = end - start;
  if (n === 1) return Buffer.from(leaves[start]);
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(subtreeRoot(leaves, start, start + k), subtreeRoot(leaves, start + k, end));
}
