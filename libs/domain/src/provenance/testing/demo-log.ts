import { createHash } from 'node:crypto';
import {
  generateNoteKeys,
  GeneratedNoteKeys,
  inclusionProof,
  InMemorySubtreeHashSource,
  leafHash,
  signCheckpoint,
} from '../../ledger';
import { createBundle, ProvenanceBundle } from '../bundle';
import { signEnvelope } from '../dsse';
import { assetSubject, LedgerEvent, LedgerEventKind, ledgerEventStatement } from '../statement';

export const ORIGIN = 'quorate.test/log';
export const ASSET_ID = '7b0f2a51-4c1e-4e53-9d55-2f7cbb1a8e10';
export const OTHER_ASSET_ID = 'c3d1e6f0-9a8b-4f6e-8d7c-1b2a3c4d5e6f';
export const ASSET_BYTES = Buffer.from('Quorate makes every release accountable.\n', 'utf8');
export const ASSET_SHA256 = createHash('sha256').update(ASSET_BYTES).digest('hex');
const OTHER_SHA256 = createHash('sha256').update('other asset').digest('hex');

export interface DemoLog {
  readonly keys: GeneratedNoteKeys;
  readonly entries: Buffer[];
  readonly source: InMemorySubtreeHashSource;
  readonly checkpoint: string;
  /** Log indexes of the entries about ASSET_ID version 2, in order. */
  readonly assetIndexes: number[];
  bundleFor(indexes: readonly number[], checkpoint?: string): ProvenanceBundle;
  append(bytes: Buffer): number;
  signedCheckpoint(size?: number): string;
}

const event = (
  kind: string,
  assetId: string | null,
  versionNumber: number | null,
  data: Record<string, unknown> = {},
): LedgerEvent => ({
  kind,
  at: '2025-01-02T03:04:05.000Z',
  assetId,
  versionNumber,
  actor: { type: kind === LedgerEventKind.VoteCast ? 'user' : 'system', id: 'u-1' },
  data,
});

/**
 * A small ledger in memory: version 2 of one asset from submission to release, interleaved with
 * entries about another asset, signed by the log key and covered by a signed checkpoint.
 */
export function demoLog(): DemoLog {
  const keys = generateNoteKeys(ORIGIN);
  const signer = { privateKey: keys.signer.privateKey, keyid: keys.verifierKey.split('+')[1] };
  const entries: Buffer[] = [];
  const assetIndexes: number[] = [];
  const mine = [assetSubject(ASSET_ID, 2, ASSET_SHA256)];
  const theirs = [assetSubject(OTHER_ASSET_ID, 1, OTHER_SHA256)];
  const plan: [boolean, LedgerEvent][] = [
    [false, event(LedgerEventKind.Submitted, OTHER_ASSET_ID, 1)],
    [true, event(LedgerEventKind.Submitted, ASSET_ID, 2, { generator: 'demo', model: 'm-1', parent: 1 })],
    [true, event(LedgerEventKind.Validated, ASSET_ID, 2, { findings: [], ruleSetVersion: 3 })],
    [false, event(LedgerEventKind.Validated, OTHER_ASSET_ID, 1, { findings: [] })],
    [true, event(LedgerEventKind.VoteCast, ASSET_ID, 2, { vote: 'approve', weight: 3 })],
    [true, event(LedgerEventKind.VoteCast, ASSET_ID, 2, { vote: 'approve', weight: 2 })],
    [true, event(LedgerEventKind.DecisionClosed, ASSET_ID, 2, { outcome: 'approved', explanation: {} })],
    [false, event(LedgerEventKind.VoteCast, OTHER_ASSET_ID, 1, { vote: 'reject', weight: 1 })],
    [true, event(LedgerEventKind.Released, ASSET_ID, 2)],
    [false, event(LedgerEventKind.Withdrawn, OTHER_ASSET_ID, 1)],
  ];
  for (const [isMine, e] of plan) {
    const { bytes } = signEnvelope(ledgerEventStatement(isMine ? mine : theirs, e), signer);
    if (isMine) assetIndexes.push(entries.length);
    entries.push(bytes);
  }
  let source = new InMemorySubtreeHashSource(entries.map((e) => leafHash(e)));
  const signedCheckpoint = (size = entries.length) =>
    signCheckpoint({ origin: ORIGIN, size, rootHash: source.hash(0, size) }, keys.signer);
  const log: DemoLog = {
    keys,
    entries,
    get source() {
      return source;
    },
    checkpoint: signedCheckpoint(),
    assetIndexes,
    signedCheckpoint,
    append(bytes) {
      entries.push(bytes);
      source = new InMemorySubtreeHashSource(entries.map((e) => leafHash(e)));
      return entries.length - 1;
    },
    bundleFor(indexes, checkpoint = log.checkpoint) {
      const size = Number(checkpoint.split('\n')[1]);
      return createBundle({
        assetId: ASSET_ID,
        versionNumber: 2,
        contentSha256: ASSET_SHA256,
        checkpoint,
        entries: indexes.map((index) => ({
          index,
          envelope: entries[index],
          inclusionProof: index < size ? inclusionProof(index, size, source) : [],
        })),
      });
    },
  };
  return log;
}
