import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { decodeHex, verifyConsistency, verifyInclusion } from '../../libs/domain/src';
import { loadHashes } from '../../libs/core/src/ledger/ledger-tree';
import { percentile } from '../load/stats';
import { throwIfInterrupted } from '../stack/interrupt';
import type { LedgerServices } from './services';

export interface LatencySample {
  p50Ms: number;
  p99Ms: number;
}

export type ProofKind = 'inclusion' | 'consistency';

/** A uniform random integer in [low, high). */
function randomInt(low: number, high: number): number {
  return low + Math.floor(Math.random() * (high - low));
}

/**
 * `count` proofs of random entries (inclusion) or random earlier sizes (consistency) of the tree of
 * `size` entries, one after another through the app's LedgerProofs, each timed alone. Every proof is
 * then verified, untimed, against `root`, the root the audit recomputed from the entry bytes.
 */
export async function proofLatencies(
  services: LedgerServices,
  kind: ProofKind,
  size: number,
  root: Buffer,
  count: number,
): Promise<LatencySample> {
  const latencies: number[] = [];
  const check: (() => Promise<boolean>)[] = [];
  for (let i = 0; i < count; i++) {
    throwIfInterrupted();
    const started = performance.now();
    if (kind === 'inclusion') {
      const view = await services.proofs.inclusion(randomInt(0, size), size);
      latencies.push(performance.now() - started);
      const proof = view.proof.map((h) => decodeHex(h, 32)!);
      check.push(() =>
        Promise.resolve(verifyInclusion(view.index, size, decodeHex(view.leafHash, 32)!, proof, root)),
      );
    } else {
      const view = await services.proofs.consistency(randomInt(1, size), size);
      latencies.push(performance.now() - started);
      const proof = view.proof.map((h) => decodeHex(h, 32)!);
      check.push(async () => {
        // The older root comes from the stored subtrees, which the audit has checked against the bytes.
        const old = (await loadHashes(services.dataSource, [{ start: 0, end: view.from }])).root(view.from);
        return verifyConsistency(view.from, size, proof, old, root);
      });
    }
  }
  for (const [i, verify] of check.entries()) {
    if (!(await verify())) throw new Error(`${kind} proof ${i} of the run does not verify`);
  }
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/**
 * The floor under a proof: one query reading `rows` stored hashes by primary key, as many as a proof
 * of this tree has, from random places in the tree.
 */
export async function rawLookupLatencies(
  pool: Pool,
  size: number,
  rows: number,
  count: number,
): Promise<LatencySample> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    throwIfInterrupted();
    const indexes = Array.from({ length: rows }, () => randomInt(0, size));
    const started = performance.now();
    const found = await pool.query('SELECT hash FROM ledger_subtrees WHERE level = 0 AND idx = ANY($1)', [
      indexes,
    ]);
    latencies.push(performance.now() - started);
    if (found.rowCount !== new Set(indexes).size) throw new Error('a stored leaf hash is missing');
  }
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** How many hashes an inclusion proof in a tree of `size` entries has: about log2(size). */
export function proofLength(size: number): number {
  return Math.max(1, Math.ceil(Math.log2(size)));
}
