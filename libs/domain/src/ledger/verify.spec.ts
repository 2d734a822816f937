import { createHash } from 'node:crypto';
import { emptyRoot, HASH_SIZE, leafHash } from './merkle';
import { consistencyProof, inclusionProof, InMemorySubtreeHashSource } from './proof';
import { CT_CONSISTENCY, CT_INCLUSION, CT_LEAVES_HEX, CT_ROOTS_HEX } from './testing/vectors';
import { verifyConsistency, verifyInclusion } from './verify';

const unhex = (h: string): Buffer => Buffer.from(h, 'hex');
const MAX_INCLUSION = 256;
const MAX_CONSISTENCY = 64;
const SOME_HASH = createHash('sha256').update('not in any tree').digest();

const leaves = Array.from({ length: MAX_INCLUSION }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
const source = new InMemorySubtreeHashSource(leaves);
// roots[n] is the root of the first n leaves; computed once so the loops below only verify.
const roots = [emptyRoot(), ...leaves.map((_, i) => source.hash(0, i + 1))];

function flipBit(proof: readonly Buffer[], element: number, bit: number): Buffer[] {
  return proof.map((h, i) => {
    if (i !== element) return h;
    const copy = Buffer.from(h);
    copy[bit >> 3] ^= 1 << (bit & 7);
    return copy;
  });
}

/**
 * Leaf indexes whose proofs get the (costlier) tampering checks: all of them up to 64 leaves, which
 * covers every path shape up to depth 6, then both edges, the middle and a rotating sample, so the
 * deeper trees are exercised without hashing millions of nodes.
 */
function probedIndexes(n: number): number[] {
  if (n <= 64) return Array.from({ length: n }, (_, i) => i);
  const picks = new Set([0, 1, n >> 1, n - 2, n - 1]);
  for (let i = n % 29; i < n; i += 29) picks.add(i);
  return [...picks];
}

/** Runs every case and returns the labels of those whose outcome was not the expected one. */
function wrong(cases: Iterable<[string, boolean]>, expected: boolean): string[] {
  const out: string[] = [];
  for (const [label, got] of cases) if (got !== expected) out.push(label);
  return out;
}

describe('inclusion verification', () => {
  it('accepts the published proofs', () => {
    for (const v of CT_INCLUSION) {
      const leaf = leafHash(unhex(CT_LEAVES_HEX[v.index]));
      expect(
        verifyInclusion(v.index, v.size, leaf, v.proof.map(unhex), unhex(CT_ROOTS_HEX[v.size - 1])),
      ).toBe(true);
    }
  });

  it(`accepts every proof of every tree of 1..${MAX_INCLUSION} leaves`, () => {
    function* cases(): Generator<[string, boolean]> {
      for (let n = 1; n <= MAX_INCLUSION; n++) {
        for (let i = 0; i < n; i++) {
          yield [`${i}/${n}`, verifyInclusion(i, n, leaves[i], inclusionProof(i, n, source), roots[n])];
        }
      }
    }
    expect(wrong(cases(), true)).toEqual([]);
  });

  it(`rejects a flipped bit in any element, a truncated or extended path, in trees of 1..${MAX_INCLUSION} leaves`, () => {
    function* cases(): Generator<[string, boolean]> {
      for (let n = 1; n <= MAX_INCLUSION; n++) {
        for (const i of probedIndexes(n)) {
          const proof = inclusionProof(i, n, source);
          const at = `${i}/${n}`;
          if (proof.length > 0) {
            for (let e = 0; e < proof.length; e++) {
              yield [
                `${at} bit ${e}`,
                verifyInclusion(i, n, leaves[i], flipBit(proof, e, (i * 7 + e) % 256), roots[n]),
              ];
            }
            yield [`${at} truncated`, verifyInclusion(i, n, leaves[i], proof.slice(0, -1), roots[n])];
            yield [`${at} head dropped`, verifyInclusion(i, n, leaves[i], proof.slice(1), roots[n])];
          }
          yield [`${at} extended`, verifyInclusion(i, n, leaves[i], [...proof, SOME_HASH], roots[n])];
          yield [`${at} prefixed`, verifyInclusion(i, n, leaves[i], [SOME_HASH, ...proof], roots[n])];
          yield [`${at} trailing root`, verifyInclusion(i, n, leaves[i], [...proof, roots[n]], roots[n])];
          yield [`${at} wrong leaf`, verifyInclusion(i, n, SOME_HASH, proof, roots[n])];
          yield [`${at} wrong root`, verifyInclusion(i, n, leaves[i], proof, SOME_HASH)];
        }
      }
    }
    expect(wrong(cases(), false)).toEqual([]);
  });

  it('binds the index: a proof never verifies the same leaf at another index', () => {
    function* cases(): Generator<[string, boolean]> {
      for (let n = 1; n <= MAX_INCLUSION; n++) {
        for (const i of probedIndexes(n)) {
          const proof = inclusionProof(i, n, source);
          // Exhaustively over all other indexes for the smaller trees, neighbours and beyond above that.
          const others = n <= 32 ? Array.from({ length: n + 1 }, (_, j) => j) : [i - 1, i + 1, i ^ 2, n, -1];
          for (const j of others) {
            if (j !== i) yield [`${i}/${n} as ${j}`, verifyInclusion(j, n, leaves[i], proof, roots[n])];
          }
        }
      }
    }
    expect(wrong(cases(), false)).toEqual([]);
  });

  it('binds the size: a proof never verifies against another size, with its root or the true one', () => {
    function* cases(): Generator<[string, boolean]> {
      for (let n = 1; n <= MAX_INCLUSION; n++) {
        for (const i of probedIndexes(n)) {
          const proof = inclusionProof(i, n, source);
          const sizes = n <= 16 ? Array.from({ length: 33 }, (_, s) => s) : [n - 1, n + 1, n * 2, n >> 1, 0];
          for (const s of sizes) {
            if (s === n) continue;
            if (s <= MAX_INCLUSION) {
              yield [`${i}/${n} as size ${s}, its root`, verifyInclusion(i, s, leaves[i], proof, roots[s])];
            }
          }
          // The true root with a claimed size whose path has another length.
          yield [`${i}/${n} as size ${2 * n}`, verifyInclusion(i, 2 * n, leaves[i], proof, roots[n])];
          yield [`${i}/${n} as size ${n >> 1}`, verifyInclusion(i, n >> 1, leaves[i], proof, roots[n])];
        }
      }
    }
    expect(wrong(cases(), false)).toEqual([]);
  });

  it('answers false, never throws, on malformed input', () => {
    const proof = inclusionProof(5, 8, source);
    const bad: unknown[][] = [
      [5, 8, leaves[5], proof, Buffer.alloc(31)],
      [5, 8, Buffer.alloc(33), proof, roots[8]],
      [5, 8, leaves[5], [Buffer.alloc(31), ...proof.slice(1)], roots[8]],
      [5, 8, leaves[5], 'not a proof', roots[8]],
      [5, 8, leaves[5], [proof[0].toString('hex')], roots[8]],
      [5, 8, leaves[5], null, roots[8]],
      [-1, 8, leaves[5], proof, roots[8]],
      [8, 8, leaves[5], proof, roots[8]],
      [5.5, 8, leaves[5], proof, roots[8]],
      [5, Infinity, leaves[5], proof, roots[8]],
      [0, 0, leaves[0], [], emptyRoot()],
      ['5', 8, leaves[5], proof, roots[8]],
    ];
    for (const args of bad) {
      expect((verifyInclusion as (...a: unknown[]) => boolean)(...args)).toBe(false);
    }
  });

  it('verifies a single-leaf tree only with an empty path and root equal to the leaf hash', () => {
    expect(verifyInclusion(0, 1, leaves[0], [], leaves[0])).toBe(true);
    expect(verifyInclusion(0, 1, leaves[0], [], leaves[1])).toBe(false);
    expect(verifyInclusion(0, 1, leaves[0], [leaves[1]], nodeOf(leaves[0], leaves[1]))).toBe(false);
  });
});

function nodeOf(a: Buffer, b: Buffer): Buffer {
  return createHash('sha256').update(Uint8Array.of(1)).update(a).update(b).digest();
}

describe('consistency verification', () => {
  it('accepts the published proofs', () => {
    for (const v of CT_CONSISTENCY) {
      const from = unhex(CT_ROOTS_HEX[v.from - 1]);
      const to = unhex(CT_ROOTS_HEX[v.to - 1]);
      expect(verifyConsistency(v.from, v.to, v.proof.map(unhex), from, to)).toBe(true);
    }
  });

  it(`accepts every proof for all 1 <= m <= n <= ${MAX_CONSISTENCY}`, () => {
    function* cases(): Generator<[string, boolean]> {
      for (let n = 1; n <= MAX_CONSISTENCY; n++) {
        for (let m = 1; m <= n; m++) {
          yield [`${m}->${n}`, verifyConsistency(m, n, consistencyProof(m, n, source), roots[m], roots[n])];
        }
      }
    }
    expect(wrong(cases(), true)).toEqual([]);
  });

  it(`rejects every tampering of every proof for all 1 <= m < n <= ${MAX_CONSISTENCY}`, () => {
    function* cases(): Generator<[string, boolean]> {
      for (let n = 2; n <= MAX_CONSISTENCY; n++) {
        for (let m = 1; m < n; m++) {
          const proof = consistencyProof(m, n, source);
          const at = `${m}->${n}`;
          const v = (p: Buffer[], a = roots[m], b = roots[n], mm = m, nn = n) =>
            verifyConsistency(mm, nn, p, a, b);
          for (let e = 0; e < proof.length; e++) {
            const bit = (m * 31 + n * 7 + e) % 256;
            yield [`${at} bit ${bit} of ${e}`, v(flipBit(proof, e, bit))];
          }
          yield [`${at} empty`, v([])];
          yield [`${at} truncated`, v(proof.slice(0, -1))];
          yield [`${at} head dropped`, v(proof.slice(1))];
          yield [`${at} extended`, v([...proof, SOME_HASH])];
          yield [`${at} prefixed old root`, v([roots[m], ...proof])];
          yield [`${at} prefixed proof[0]`, v([proof[0], ...proof])];
          if (proof.length > 1) yield [`${at} reordered`, v([proof[1], proof[0], ...proof.slice(2)])];
          yield [`${at} swapped roots`, v(proof, roots[n], roots[m])];
          yield [`${at} wrong old root`, v(proof, SOME_HASH)];
          yield [`${at} wrong new root`, v(proof, roots[m], SOME_HASH)];
          // Claimed sizes that change the proof's shape, with the roots the proof was made for. (A size
          // that keeps the shape, like n + 1 here, can only be caught by the roots, which a signed
          // checkpoint binds to its size; that case is covered next.)
          for (const [mm, nn] of [
            [m - 1, n],
            [m + 1, n],
            [m ^ 2, n],
            [m, n * 2],
            [m, n >> 1],
          ]) {
            if (mm !== m || nn !== n) yield [`${at} as ${mm}->${nn}`, v(proof, roots[m], roots[n], mm, nn)];
          }
          // Any other pair of sizes, each with its genuine root.
          for (const [mm, nn] of [
            [m - 1, n],
            [m + 1, n],
            [m, n - 1],
            [m, n + 1],
          ]) {
            if (mm >= 1 && mm <= nn && (mm !== m || nn !== n)) {
              yield [`${at} as ${mm}->${nn}, their roots`, v(proof, roots[mm], roots[nn], mm, nn)];
            }
          }
        }
      }
    }
    expect(wrong(cases(), false)).toEqual([]);
  });

  it('accepts equal sizes only with an empty proof and equal roots', () => {
    expect(verifyConsistency(5, 5, [], roots[5], roots[5])).toBe(true);
    expect(verifyConsistency(5, 5, [], roots[5], roots[6])).toBe(false);
    expect(verifyConsistency(5, 5, [SOME_HASH], roots[5], roots[5])).toBe(false);
  });

  it('refuses proofs from the empty tree, which prove nothing', () => {
    expect(verifyConsistency(0, 0, [], emptyRoot(), emptyRoot())).toBe(false);
    expect(verifyConsistency(0, 8, [], emptyRoot(), roots[8])).toBe(false);
  });

  it('answers false, never throws, on malformed input', () => {
    const proof = consistencyProof(6, 8, source);
    const bad: unknown[][] = [
      [8, 6, proof, roots[8], roots[6]],
      [6, 8, proof, Buffer.alloc(HASH_SIZE - 1), roots[8]],
      [6, 8, proof, roots[6], Buffer.alloc(HASH_SIZE + 1)],
      [6, 8, [Buffer.alloc(31), ...proof.slice(1)], roots[6], roots[8]],
      [6, 8, 'proof', roots[6], roots[8]],
      [6, 8, undefined, roots[6], roots[8]],
      [6.5, 8, proof, roots[6], roots[8]],
      [6, NaN, proof, roots[6], roots[8]],
      [-6, 8, proof, roots[6], roots[8]],
    ];
    for (const args of bad) {
      expect((verifyConsistency as (...a: unknown[]) => boolean)(...args)).toBe(false);
    }
  });
});
