import { createPublicKey } from 'node:crypto';
import {
  generateNoteKeys,
  leafHash,
  parseSignerKey,
  rootFromLeafHashes,
  verifyEnvelope,
} from '../../libs/domain/src';
import { Frontier } from '../../libs/core/src/ledger/ledger-tree';
import { entryBatch, ledgerTemplateName } from './build';

describe('building a ledger in batches', () => {
  const parsed = parseSignerKey(generateNoteKeys('bench.test/ledger').signerKey);
  if (!parsed.ok) throw new Error(parsed.detail);
  const signer = { keyId: parsed.value.keyId, privateKey: parsed.value.privateKey };
  const at = new Date('2026-01-01T00:00:00Z');
  const other = parseSignerKey(generateNoteKeys('bench.test/other').signerKey);
  if (!other.ok) throw new Error(other.detail);
  const otherKey = other.value.privateKey;

  function build(size: number, batchSize: number) {
    const frontier = new Frontier();
    const batches = [];
    for (let from = 0; from < size; from += batchSize) {
      batches.push(entryBatch(frontier, signer, from, Math.min(from + batchSize, size), at));
    }
    return { frontier, batches };
  }

  it('gives the root of the leaves, whatever the batch size', () => {
    const { frontier, batches } = build(37, 10);
    const leaves = batches.flatMap((b) => b.leaves);
    expect(batches.flatMap((b) => b.indexes)).toEqual(Array.from({ length: 37 }, (_, i) => i));
    expect(frontier.root().equals(rootFromLeafHashes(leaves))).toBe(true);
    expect(build(37, 37).frontier.root().equals(frontier.root())).toBe(true);
  });

  it('hashes the stored bytes, which are envelopes the log key signed', () => {
    const [batch] = build(3, 3).batches;
    const publicKey = createPublicKey(signer.privateKey);
    batch.bytes.forEach((bytes, i) => {
      expect(batch.leaves[i].equals(leafHash(bytes))).toBe(true);
      expect(verifyEnvelope(bytes, publicKey).ok).toBe(true);
    });
    expect(verifyEnvelope(batch.bytes[0], createPublicKey(otherKey)).ok).toBe(false);
  });

  it('stores every perfect subtree exactly once, at its level and position', () => {
    const nodes = build(70, 16).batches.flatMap((b) => b.nodes);
    // 70 leaves: 70 + 35 + 17 + 8 + 4 + 2 + 1 perfect subtrees.
    expect(nodes).toHaveLength(137);
    expect(new Set(nodes.map((n) => `${n.level}:${n.idx}`)).size).toBe(137);
    expect(nodes.filter((n) => n.level === 6)).toEqual([expect.objectContaining({ idx: 0 })]);
  });

  it('refuses a batch that does not start where the frontier ends', () => {
    expect(() => entryBatch(new Frontier(), signer, 5, 10, at)).toThrow('the frontier is at 0, not 5');
  });
});

describe('ledgerTemplateName', () => {
  it.each([
    [1_000_000, 'quorate_bench_ledger_1m'],
    [100_000, 'quorate_bench_ledger_100k'],
    [2_500, 'quorate_bench_ledger_2500'],
    [3_000, 'quorate_bench_ledger_3k'],
  ])('names a ledger of %i entries %s', (entries, name) => {
    expect(ledgerTemplateName(entries)).toBe(name);
  });
});
