import { createHash } from 'node:crypto';
import {
  decodeBase64,
  decodeHex,
  decodeUtf8,
  encodeBase64,
  encodeHex,
  isIndex,
  leafHash,
  parseVerifierKey,
  verifyCheckpoint,
  verifyInclusion,
  VerifierKey,
} from '../ledger';
import { verifyEnvelope } from './dsse';
import { LedgerEventKind, parseLedgerEvent } from './statement';

export const BUNDLE_VERSION = 1;
// Bounds that no genuine bundle approaches, so hostile input cannot make verification run for ever.
export const MAX_BUNDLE_ENTRIES = 100_000;
const MAX_PROOF_LENGTH = 64;

/** One ledger entry of the bundle; the envelope is the stored bytes, base64, never re-serialised. */
export interface BundleEntry {
  readonly index: number;
  /** Hex SHA-256(0x00 || envelope bytes). */
  readonly leafHash: string;
  readonly envelope: string;
  /** Hex hashes, leaf end first, against the checkpoint's tree. */
  readonly inclusionProof: readonly string[];
}

/** Everything needed to check one asset version offline, given only the log's verifier key. */
export interface ProvenanceBundle {
  readonly version: typeof BUNDLE_VERSION;
  readonly assetId: string;
  readonly versionNumber: number;
  readonly contentSha256: string;
  /** A C2SP signed checkpoint note. */
  readonly checkpoint: string;
  readonly entries: readonly BundleEntry[];
}

export interface BundleEntryInput {
  readonly index: number;
  readonly envelope: Uint8Array;
  readonly inclusionProof: readonly Uint8Array[];
}

export interface BundleInput extends Omit<ProvenanceBundle, 'version' | 'entries'> {
  readonly entries: readonly BundleEntryInput[];
}

export interface BundleCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface BundleReport {
  readonly ok: boolean;
  readonly checks: readonly BundleCheck[];
}

export interface VerifyBundleOptions {
  /** Event kinds the verified statements must include; by default submission, decision and release. */
  readonly requiredKinds?: readonly string[];
}

export const DEFAULT_REQUIRED_KINDS: readonly string[] = [
  LedgerEventKind.Submitted,
  LedgerEventKind.DecisionClosed,
  LedgerEventKind.Released,
];

export function createBundle(input: BundleInput): ProvenanceBundle {
  return {
    version: BUNDLE_VERSION,
    assetId: input.assetId,
    versionNumber: input.versionNumber,
    contentSha256: input.contentSha256,
    checkpoint: input.checkpoint,
    entries: input.entries.map((e) => ({
      index: e.index,
      leafHash: encodeHex(leafHash(e.envelope)),
      envelope: encodeBase64(e.envelope),
      inclusionProof: e.inclusionProof.map(encodeHex),
    })),
  };
}

/**
 * Checks a bundle against the log's verifier key and, if given, the asset's bytes. Never throws: any
 * malformed or hostile input yields a report with a failing check that names what is wrong. Details
 * never echo unauthenticated input, so a report is safe to print.
 */
export function verifyBundle(
  bundle: unknown,
  verifierKey: string,
  assetBytes?: Uint8Array,
  options: VerifyBundleOptions = {},
): BundleReport {
  const checks: BundleCheck[] = [];
  try {
    runChecks(checks, bundle, verifierKey, assetBytes, options.requiredKinds ?? DEFAULT_REQUIRED_KINDS);
  } catch (e) {
    checks.push({ name: 'internal', ok: false, detail: `verification stopped: ${String(e)}` });
  }
  return { ok: checks.length > 0 && checks.every((c) => c.ok), checks };
}

function runChecks(
  checks: BundleCheck[],
  input: unknown,
  vkey: string,
  assetBytes: Uint8Array | undefined,
  requiredKinds: readonly string[],
): void {
  const check = (name: string, ok: boolean, detail: string): boolean => {
    checks.push({ name, ok, detail });
    return ok;
  };

  const key = parseVerifierKey(vkey);
  check('verifier-key', key.ok, key.ok ? `${key.value.name}+${key.value.keyId}` : key.detail);
  if (!key.ok) return;

  const bundle = readBundle(input);
  check('bundle.format', typeof bundle !== 'string', typeof bundle === 'string' ? bundle : 'version 1');
  if (typeof bundle === 'string') return;

  if (assetBytes !== undefined) {
    const actual =
      assetBytes instanceof Uint8Array ? createHash('sha256').update(assetBytes).digest('hex') : '';
    check(
      'asset.sha256',
      actual === bundle.contentSha256,
      actual === bundle.contentSha256
        ? actual
        : `asset SHA-256 is ${actual || 'unknown'}, bundle says ${bundle.contentSha256}`,
    );
  }

  const cp = verifyCheckpoint(bundle.checkpoint, key.value);
  check(
    'checkpoint.signature',
    cp.ok,
    cp.ok
      ? `${cp.value.origin} at size ${cp.value.size}, root ${encodeHex(cp.value.rootHash)}`
      : `${cp.reason}: ${cp.detail}`,
  );

  const verified: VerifiedEntry[] = [];
  bundle.entries.forEach((raw, i) => {
    const entry = checkEntry(raw, i, bundle, key.value, cp.ok ? cp.value : undefined, check);
    if (entry) verified.push(entry);
  });

  const indexes: unknown[] = bundle.entries.map((e) => (isRecord(e) ? e.index : undefined));
  let ascending = true;
  for (let i = 0; i < indexes.length; i++) {
    const [prev, cur] = [indexes[i - 1], indexes[i]];
    if (!isIndex(cur) || (i > 0 && !(isIndex(prev) && cur > prev))) ascending = false;
  }
  check(
    'entries.order',
    ascending,
    ascending ? 'strictly ascending log indexes' : 'log indexes are not strictly ascending',
  );

  checkKinds(verified, requiredKinds, check);
  checkVoteEntries(verified, check);
}

interface VerifiedEntry {
  index: number;
  kind: string;
  /** Of a decision.closed: the ledger indexes of the votes it counted. */
  voteEntries?: number[];
}

/**
 * The signed `decision.closed` names the ledger entry of every vote it counted; each must be in the
 * bundle, or a bundle could leave out an awkward vote and still verify. Nothing to check for a version
 * that was never reviewed.
 */
function checkVoteEntries(verified: VerifiedEntry[], check: Check): void {
  const listed = verified.find((v) => v.voteEntries !== undefined)?.voteEntries;
  if (listed === undefined) return;
  const present = new Set(verified.map((v) => v.index));
  const missing = listed.filter((i) => !present.has(i));
  check(
    'votes',
    missing.length === 0,
    missing.length === 0
      ? `all ${listed.length} vote entries the decision counted are in the bundle`
      : `the decision counted vote entries missing from the bundle: ${missing.join(', ')}`,
  );
}

type Check = (name: string, ok: boolean, detail: string) => boolean;

function checkEntry(
  raw: unknown,
  i: number,
  bundle: ProvenanceBundle,
  key: VerifierKey,
  checkpoint: { size: number; rootHash: Buffer } | undefined,
  check: Check,
): VerifiedEntry | undefined {
  const label = `entries[${i}]`;
  const entry = readEntry(raw);
  if (typeof entry === 'string') {
    check(`${label}.format`, false, entry);
    return undefined;
  }
  const at = `log index ${entry.index}`;
  const computed = leafHash(entry.bytes);
  const leafOk = check(
    `${label}.leaf-hash`,
    computed.equals(entry.leafHash),
    computed.equals(entry.leafHash)
      ? at
      : `${at}: envelope bytes hash to ${encodeHex(computed)}, not ${encodeHex(entry.leafHash)}`,
  );

  const included =
    checkpoint !== undefined &&
    verifyInclusion(entry.index, checkpoint.size, computed, entry.proof, checkpoint.rootHash);
  check(
    `${label}.inclusion`,
    included,
    checkpoint === undefined
      ? `${at}: not checked, the checkpoint did not verify`
      : included
        ? `${at} is in the tree of size ${checkpoint.size}`
        : `${at}: the inclusion proof does not lead to the checkpoint root`,
  );

  const opened = verifyEnvelope(entry.bytes, key.publicKey);
  check(`${label}.signature`, opened.ok, opened.ok ? at : `${at}: ${opened.reason}: ${opened.detail}`);
  if (!opened.ok) {
    check(`${label}.subject`, false, `${at}: not checked, the signature did not verify`);
    return undefined;
  }

  const { statement } = opened.value;
  const event = parseLedgerEvent(statement);
  const digestsOk = statement.subject.every((s) => s.digest.sha256 === bundle.contentSha256);
  const bound =
    event.ok && event.value.assetId === bundle.assetId && event.value.versionNumber === bundle.versionNumber;
  const subjectOk = check(
    `${label}.subject`,
    digestsOk && bound,
    !event.ok
      ? `${at}: ${event.detail}`
      : !digestsOk
        ? `${at}: subject digest is not the bundle's contentSha256`
        : !bound
          ? `${at}: the statement concerns asset ${event.value.assetId} version ${event.value.versionNumber}`
          : `${at}: ${event.value.kind}`,
  );
  if (!(leafOk && included && subjectOk && event.ok)) return undefined;
  const { kind, data } = event.value;
  const voteEntries =
    kind === LedgerEventKind.DecisionClosed && Array.isArray(data.voteEntries)
      ? data.voteEntries.filter((index): index is number => Number.isSafeInteger(index))
      : undefined;
  return { index: entry.index, kind, voteEntries };
}

function checkKinds(verified: VerifiedEntry[], required: readonly string[], check: Check): void {
  const kinds = new Set(verified.map((v) => v.kind));
  const missing = required.filter((k) => !kinds.has(k));
  // A loop, not Math.min(...list): spreading a hostile number of entries would overflow the stack.
  let first = Infinity;
  let last = -Infinity;
  for (const { index } of verified) {
    first = Math.min(first, index);
    last = Math.max(last, index);
  }
  // A release ends a version's story and a submission starts it, so nothing may fall outside them.
  const misplaced = verified.filter(
    (v) =>
      (required.includes(v.kind) && v.kind === LedgerEventKind.Submitted && v.index !== first) ||
      (required.includes(v.kind) && v.kind === LedgerEventKind.Released && v.index !== last),
  );
  check(
    'statements.kinds',
    missing.length === 0 && misplaced.length === 0,
    missing.length > 0
      ? `no verified statement of kind ${missing.join(', ')}`
      : misplaced.length > 0
        ? `${misplaced.map((v) => v.kind).join(', ')} out of place`
        : `covers ${required.join(', ')}`,
  );
}

function readBundle(input: unknown): ProvenanceBundle | string {
  let value = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : decodeUtf8(input);
    try {
      value = JSON.parse(text ?? '') as unknown;
    } catch {
      return 'not UTF-8 JSON';
    }
  }
  if (!isRecord(value)) return 'a bundle is a JSON object';
  const { version, assetId, versionNumber, contentSha256, checkpoint, entries } = value;
  if (version !== BUNDLE_VERSION) return `version is ${BUNDLE_VERSION}`;
  if (typeof assetId !== 'string' || assetId === '') return 'assetId is a non-empty string';
  if (!Number.isSafeInteger(versionNumber) || (versionNumber as number) < 1)
    return 'versionNumber is a positive integer';
  if (decodeHex(contentSha256, 32) === undefined) return 'contentSha256 is 64 lowercase hex digits';
  if (typeof checkpoint !== 'string') return 'checkpoint is a signed note';
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_BUNDLE_ENTRIES) {
    return `entries holds 1 to ${MAX_BUNDLE_ENTRIES} entries`;
  }
  return value as unknown as ProvenanceBundle;
}

function readEntry(
  raw: unknown,
): { index: number; leafHash: Buffer; bytes: Buffer; proof: Buffer[] } | string {
  if (!isRecord(raw)) return 'an entry is a JSON object';
  if (!isIndex(raw.index)) return 'index is a non-negative integer';
  const hash = decodeHex(raw.leafHash, 32);
  if (hash === undefined) return 'leafHash is 64 lowercase hex digits';
  const bytes = decodeBase64(raw.envelope);
  if (bytes === undefined) return 'envelope is canonical base64';
  const proofIn = raw.inclusionProof;
  if (!Array.isArray(proofIn) || proofIn.length > MAX_PROOF_LENGTH)
    return 'inclusionProof is an array of hashes';
  const proof = (proofIn as unknown[]).map((h) => decodeHex(h, 32));
  if (proof.some((h) => h === undefined)) return 'inclusionProof holds 64-digit lowercase hex hashes';
  return { index: raw.index, leafHash: hash, bytes, proof: proof as Buffer[] };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
