import { createHash } from 'node:crypto';
import {
  emptyRoot,
  HASH_SIZE,
  largestPowerOfTwoBelow,
  leafHash,
  nodeHash,
  rootFromLeafHashes,
} from './merkle';
import { refLeafHash, refMth } from './testing/rfc6962-reference';
import { CT_LEAVES_HEX, CT_ROOTS_HEX, EMPTY_ROOT_HEX } from './testing/vectors';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const leaves = CT_LEAVES_HEX.map((h) => Buffer.from(h, 'hex'));

describe('RFC 6962 hashing', () => {
  it('roots the empty tree at SHA-256 of the empty string', () => {
    expect(hex(emptyRoot())).toBe(EMPTY_ROOT_HEX);
    expect(hex(rootFromLeafHashes([]))).toBe(EMPTY_ROOT_HEX);
  });

  it('hashes the empty entry to the published leaf hash', () => {
    expect(hex(leafHash(new Uint8Array(0)))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });

  it('prefixes leaves with 0x00 and nodes with 0x01', () => {
    const a = Buffer.alloc(HASH_SIZE, 0xaa);
    const b = Buffer.alloc(HASH_SIZE, 0xbb);
    const direct = (...parts: Uint8Array[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
    expect(leafHash(a)).toEqual(direct(Uint8Array.of(0), a));
    expect(nodeHash(a, b)).toEqual(direct(Uint8Array.of(1), a, b));
    expect(nodeHash(a, b)).not.toEqual(nodeHash(b, a));
  });

  it('matches the published roots for the 8-leaf test tree at every size', () => {
    const hashes = leaves.map((l) => leafHash(l));
    for (let n = 1; n <= 8; n++)
      expect(hex(rootFromLeafHashes(hashes.slice(0, n)))).toBe(CT_ROOTS_HEX[n - 1]);
    expect(hex(rootFromLeafHashes(hashes))).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
  });

  it('agrees with the literal reference for sizes 0..70 with varied entry lengths', () => {
    const entries = Array.from({ length: 70 }, (_, i) => Buffer.alloc(i % 7, i));
    const hashes = entries.map((e) => leafHash(e));
    for (let n = 0; n <= entries.length; n++) {
      expect(hex(rootFromLeafHashes(hashes.slice(0, n)))).toBe(hex(refMth(entries.slice(0, n))));
    }
    entries.forEach((e, i) => expect(hashes[i]).toEqual(refLeafHash(e)));
  });

  it('splits at the largest power of two strictly below n, not the midpoint', () => {
    const cases: [number, number][] = [
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 4],
      [8, 4],
      [9, 8],
      [1000, 512],
      [2 ** 40, 2 ** 39],
      [2 ** 40 + 1, 2 ** 40],
      [Number.MAX_SAFE_INTEGER, 2 ** 52],
    ];
    for (const [n, k] of cases) expect(largestPowerOfTwoBelow(n)).toBe(k);
    for (const bad of [1, 0, -4, 2.5, NaN, 2 ** 53])
      expect(() => largestPowerOfTwoBelow(bad)).toThrow(RangeError);
  });

  it('refuses mis-sized hashes rather than hashing them', () => {
    const good = Buffer.alloc(HASH_SIZE);
    expect(() => nodeHash(Buffer.alloc(31), good)).toThrow(RangeError);
    expect(() => nodeHash(good, Buffer.alloc(33))).toThrow(RangeError);
    expect(() => rootFromLeafHashes([good, Buffer.alloc(0)])).toThrow(RangeError);
  });
});
