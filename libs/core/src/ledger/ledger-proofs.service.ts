import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  consistencyProof,
  consistencyProofRanges,
  encodeBase64,
  encodeHex,
  inclusionProof,
  inclusionProofRanges,
} from '@app/domain';
import { InvalidInputError } from '../errors';
import { personalFieldsIn } from './entry-redaction';
import { committedSize, loadHashes } from './ledger-tree';

/** Hashes are lowercase hex throughout, as in provenance bundles. */
export interface InclusionProofView {
  index: number;
  size: number;
  leafHash: string;
  /** Leaf end first (RFC 9162 section 2.1.3). */
  proof: string[];
}

export interface ConsistencyProofView {
  from: number;
  to: number;
  proof: string[];
}

export interface LedgerEntryView {
  index: number;
  kind: string;
  assetId: string | null;
  versionNumber: number | null;
  /** The previous entry about the same asset. */
  previousIndex: number | null;
  leafHash: string;
  /**
   * The stored bytes (a DSSE envelope), base64: hash these, never a re-serialisation. Null when the
   * entry was withheld from the caller, see `withheld`.
   */
  envelope: string | null;
  /** Present when the envelope was withheld: the personal-data fields an older entry holds in clear. */
  withheld?: string[];
  createdAt: string;
}

export interface LedgerEntriesPage {
  size: number;
  entries: LedgerEntryView[];
  /** `from` for the next page, or null at the end of the log. */
  next: number | null;
}

/** Reads of the log: proofs from stored subtree hashes (O(log n) rows each) and pages of entries. */
@Injectable()
export class LedgerProofs {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  size(): Promise<number> {
    return committedSize(this.dataSource);
  }

  async inclusion(index: number, size: number): Promise<InclusionProofView> {
    if (index >= size) throw new InvalidInputError(`index ${index} is not below size ${size}`);
    await this.requireTree(size);
    const hashes = await loadHashes(this.dataSource, [
      ...inclusionProofRanges(index, size),
      { start: index, end: index + 1 },
    ]);
    return {
      index,
      size,
      leafHash: encodeHex(hashes.hash(index, index + 1)),
      proof: inclusionProof(index, size, hashes).map(encodeHex),
    };
  }

  async consistency(from: number, to: number): Promise<ConsistencyProofView> {
    if (from < 1 || from > to) throw new InvalidInputError(`from must be between 1 and to (${to})`);
    await this.requireTree(to);
    const hashes = await loadHashes(this.dataSource, consistencyProofRanges(from, to));
    return { from, to, proof: consistencyProof(from, to, hashes).map(encodeHex) };
  }

  /** Inclusion proofs of several entries in one tree, from a single query. */
  async inclusionProofs(indexes: readonly number[], size: number): Promise<Buffer[][]> {
    const hashes = await loadHashes(
      this.dataSource,
      indexes.flatMap((i) => inclusionProofRanges(i, size)),
    );
    return indexes.map((i) => inclusionProof(i, size, hashes));
  }

  /**
   * With `withholdPersonalData`, entries written before the log held hashes in place of e-mail
   * addresses, webhook URLs and reasons come without their envelope (for people who are not admins).
   */
  async entries(
    from: number,
    limit: number,
    options: { withholdPersonalData: boolean } = { withholdPersonalData: true },
  ): Promise<LedgerEntriesPage> {
    const [size, rows] = await Promise.all([
      this.size(),
      this.dataSource.query<EntryRow[]>(
        `SELECT idx, kind, asset_id, version_number, prev_asset_idx, entry, leaf_hash, created_at
           FROM ledger_entries WHERE idx >= $1 ORDER BY idx LIMIT $2`,
        [from, limit],
      ),
    ]);
    const entries = rows.map((row) => toView(row, options.withholdPersonalData));
    const last = entries[entries.length - 1];
    return { size, entries, next: last && last.index + 1 < size ? last.index + 1 : null };
  }

  private async requireTree(size: number): Promise<void> {
    const actual = await this.size();
    if (size > actual) {
      throw new InvalidInputError(`The log has ${actual} entries; there is no tree of size ${size} yet`);
    }
  }
}

interface EntryRow {
  idx: string;
  kind: string;
  asset_id: string | null;
  version_number: number | null;
  prev_asset_idx: string | null;
  entry: Buffer;
  leaf_hash: Buffer;
  created_at: Date;
}

function toView(row: EntryRow, withholdPersonalData: boolean): LedgerEntryView {
  const withheld = withholdPersonalData ? personalFieldsIn(row.kind, row.entry) : [];
  return {
    index: Number(row.idx),
    kind: row.kind,
    assetId: row.asset_id,
    versionNumber: row.version_number,
    previousIndex: row.prev_asset_idx === null ? null : Number(row.prev_asset_idx),
    leafHash: encodeHex(row.leaf_hash),
    envelope: withheld.length > 0 ? null : encodeBase64(row.entry),
    ...(withheld.length > 0 ? { withheld } : {}),
    createdAt: row.created_at.toISOString(),
  };
}
