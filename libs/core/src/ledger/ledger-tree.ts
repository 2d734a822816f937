import type { EntityManager } from 'typeorm';
import { emptyRoot, nodeHash } from '@app/domain';
import type { SubtreeHashSource, SubtreeRange } from '@app/domain';

/** Anything that runs SQL: the DataSource, or a transaction's EntityManager. */
export type Queryable = Pick<EntityManager, 'query'>;

/** A perfect subtree: leaves [idx * 2^level, (idx + 1) * 2^level), stored once when it completes. */
export interface TreeNode {
  level: number;
  idx: number;
  hash: Buffer;
}

/** Raised when the stored tree disagrees with itself or with a signed checkpoint: never sign past it. */
export class LedgerIntegrityError extends Error {
  override name = 'LedgerIntegrityError';
}

// Arithmetic, not bit operators: sizes may pass 2^32, where JS bitwise operators truncate.
const isPowerOfTwo = (n: number): boolean => n >= 1 && 2 ** Math.round(Math.log2(n)) === n;

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Entries committed so far. Indexes are assigned under a lock held until commit, so this is a prefix. */
export async function committedSize(db: Queryable): Promise<number> {
  const [row] = await db.query<{ size: string }[]>(
    `SELECT COALESCE(max(idx) + 1, 0)::text AS size FROM ledger_entries`,
  );
  return Number(row.size);
}

/** The stored perfect subtrees whose hashes determine MTH(D[start:end]), following the RFC's split. */
export function perfectParts(start: number, end: number): { level: number; idx: number }[] {
  const n = end - start;
  if (n <= 0) return [];
  if (isPowerOfTwo(n) && start % n === 0) return [{ level: Math.round(Math.log2(n)), idx: start / n }];
  const k = largestPowerOfTwoBelow(n);
  return [...perfectParts(start, start + k), ...perfectParts(start + k, end)];
}

/**
 * Answers the proof generators from perfect-subtree hashes fetched beforehand, folding the ragged
 * right edge of a tree from its O(log n) perfect parts.
 */
export class StoredHashes implements SubtreeHashSource {
  constructor(private readonly nodes: ReadonlyMap<string, Buffer>) {}

  hash(start: number, end: number): Buffer {
    const n = end - start;
    if (isPowerOfTwo(n) && start % n === 0) {
      const level = Math.round(Math.log2(n));
      const found = this.nodes.get(`${level}:${start / n}`);
      if (!found) throw new LedgerIntegrityError(`the stored tree lacks subtree [${start}, ${end})`);
      return found;
    }
    const k = largestPowerOfTwoBelow(n);
    return nodeHash(this.hash(start, start + k), this.hash(start + k, end));
  }

  /** MTH of the first `size` leaves. */
  root(size: number): Buffer {
    return size === 0 ? emptyRoot() : this.hash(0, size);
  }
}

/** Fetches, in one query, every stored node needed to hash the given ranges. */
export async function loadHashes(db: Queryable, ranges: readonly SubtreeRange[]): Promise<StoredHashes> {
  const wanted = new Map<string, { level: number; idx: number }>();
  for (const r of ranges) {
    for (const part of perfectParts(r.start, r.end)) wanted.set(`${part.level}:${part.idx}`, part);
  }
  const parts = [...wanted.values()];
  const rows =
    parts.length === 0
      ? []
      : await db.query<{ level: number; idx: string; hash: Buffer }[]>(
          `SELECT t.level, t.idx, t.hash FROM ledger_subtrees t
           JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, idx) ON t.level = w.level AND t.idx = w.idx`,
          [parts.map((p) => p.level), parts.map((p) => p.idx)],
        );
  return new StoredHashes(new Map(rows.map((r) => [`${r.level}:${r.idx}`, r.hash])));
}

/**
 * The right edge of a tree while leaves are appended: one perfect subtree per set bit of the size,
 * largest first. Appending reports the subtrees each new leaf completes, which are stored for good.
 */
export class Frontier {
  private readonly stack: { level: number; hash: Buffer }[];

  constructor(
    private size = 0,
    nodes: readonly { level: number; hash: Buffer }[] = [],
  ) {
    this.stack = [...nodes].sort((a, b) => b.level - a.level);
  }

  get length(): number {
    return this.size;
  }

  append(leafHash: Buffer): TreeNode[] {
    const index = this.size++;
    const completed: TreeNode[] = [];
    let node = { level: 0, hash: leafHash };
    for (;;) {
      completed.push({ level: node.level, idx: Math.floor(index / 2 ** node.level), hash: node.hash });
      const top = this.stack[this.stack.length - 1];
      if (top?.level !== node.level) break;
      this.stack.pop();
      node = { level: node.level + 1, hash: nodeHash(top.hash, node.hash) };
    }
    this.stack.push(node);
    return completed;
  }

  root(): Buffer {
    if (this.stack.length === 0) return emptyRoot();
    let r = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) r = nodeHash(this.stack[i].hash, r);
    return r;
  }
}
