import { createHash } from 'node:crypto';

// A deliberately literal transcription of RFC 6962 section 2.1 over byte arrays and slices, with no
// sharing of code or tricks with the production implementation, so the two can check each other.

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export const refLeafHash = (entry: Uint8Array): Buffer => sha256(Uint8Array.of(0), entry);

function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

/** MTH(D[n]) over raw entries. */
export function refMth(d: readonly Uint8Array[]): Buffer {
  if (d.length === 0) return sha256();
  if (d.length === 1) return refLeafHash(d[0]);
  const split = k(d.length);
  return sha256(Uint8Array.of(1), refMth(d.slice(0, split)), refMth(d.slice(split)));
}

/** PATH(m, D[n]). */
export function refPath(m: number, d: readonly Uint8Array[]): Buffer[] {
  if (d.length === 1) return [];
  const split = k(d.length);
  if (m < split) return [...refPath(m, d.slice(0, split)), refMth(d.slice(split))];
  return [...refPath(m - split, d.slice(split)), refMth(d.slice(0, split))];
}

function subproof(m: number, d: readonly Uint8Array[], b: boolean): Buffer[] {
  const n = d.length;
  if (m === n) return b ? [] : [refMth(d)];
  const split = k(n);
  if (m <= split) return [...subproof(m, d.slice(0, split), b), refMth(d.slice(split))];
  return [...subproof(m - split, d.slice(split), false), refMth(d.slice(0, split))];
}

/** PROOF(m, D[n]) for 0 < m <= n. */
export const refProof = (m: number, d: readonly Uint8Array[]): Buffer[] => subproof(m, d, true);
