import { createHash } from 'node:crypto';
import {
  consistencyProof,
  consistencyProofRanges,
  inclusionProof,
  inclusionProofRanges,
  InMemorySubtreeHashSource,
  leafHash,
  rootFromLeafHashes,
} from '@app/domain';
import { Frontier, perfectParts, StoredHashes, TreeNode } from './ledger-tree';

const leaves = (n: number): Buffer[] =>
  Array.from({ length: n }, (_, i) => leafHash(createHash('sha256').update(String(i)).digest()));

/** What the append path would have stored for a log of `n` leaves. */
function storedNodes(hashes: Buffer[]): Map<string, Buffer> {
  const frontier = new Frontier();
  const nodes: TreeNode[] = hashes.flatMap((h) => frontier.append(h));
  return new Map(nodes.map((n) => [`${n.level}:${n.idx}`, n.hash]));
}

describe('the stored Merkle tree', () => {
  const all = leaves(70);
  const reference = new InMemorySubtreeHashSource(all);
  const stored = new StoredHashes(storedNodes(all));

  it('stores each perfect subtree once, when its last leaf arrives', () => {
    // 70 leaves: 70 + 35 + 17 + 8 + 4 + 2 + 1 perfect subtrees.
    expect(storedNodes(all).size).toBe(137);
    const frontier = new Frontier();
    expect(frontier.append(all[0]).map((n) => [n.level, n.idx])).toEqual([[0, 0]]);
    expect(frontier.append(all[1]).map((n) => [n.level, n.idx])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('folds the right edge into the RFC 6962 root at every size', () => {
    const frontier = new Frontier();
    for (let n = 1; n <= all.length; n++) {
      frontier.append(all[n - 1]);
      expect(frontier.root()).toEqual(rootFromLeafHashes(all.slice(0, n)));
      expect(stored.root(n)).toEqual(reference.hash(0, n));
    }
    expect(new Frontier().root()).toEqual(rootFromLeafHashes([]));
  });

  it('resumes from the stored right edge', () => {
    const size = 45; // 32 + 8 + 4 + 1
    const edge = perfectParts(0, size).map((p) => ({
      level: p.level,
      hash: stored.hash(p.idx * 2 ** p.level, (p.idx + 1) * 2 ** p.level),
    }));
    expect(perfectParts(0, size).map((p) => p.level)).toEqual([5, 3, 2, 0]);
    const resumed = new Frontier(size, edge);
    for (const h of all.slice(size, 60)) resumed.append(h);
    expect(resumed.root()).toEqual(rootFromLeafHashes(all.slice(0, 60)));
  });

  it('answers every inclusion and consistency proof from O(log n) stored nodes', () => {
    for (let size = 1; size <= all.length; size++) {
      for (let index = 0; index < size; index++) {
        const parts = inclusionProofRanges(index, size).flatMap((r) => perfectParts(r.start, r.end));
        expect(parts.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size + 1)) + 1);
        expect(inclusionProof(index, size, stored)).toEqual(inclusionProof(index, size, reference));
      }
      for (let from = 1; from <= size; from++) {
        expect(consistencyProofRanges(from, size).length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)) + 1);
        expect(consistencyProof(from, size, stored)).toEqual(consistencyProof(from, size, reference));
      }
    }
  });

  it('refuses to invent a subtree it does not have', () => {
    expect(() => new StoredHashes(new Map()).hash(0, 4)).toThrow(/lacks subtree \[0, 4\)/);
  });
});
