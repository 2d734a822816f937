import { HASH_SIZE, isHash, isIndex } from './merkle';
import { decodeBase64, encodeBase64 } from './encoding';
import { isPrintable, isValidKeyName, NoteSigner, VerifierKey } from './note-keys';
import { NoteFailure, signNote, verifyNote } from './note';
import { fail, ok, Result } from './result';

/** A log's tree head: the body of a C2SP tlog-checkpoint. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
  /** Opaque extension lines; the spec discourages them, and this log writes none. */
  readonly extensions: readonly string[];
}

export interface CheckpointInput {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

export type CheckpointFailure = 'malformed-checkpoint';

/** The note text: origin, decimal size, base64 root hash and any extensions, each ending in "\n". */
export function formatCheckpoint({ origin, size, rootHash, extensions = [] }: CheckpointInput): string {
  // Stricter than the parser on purpose: the origin is written in the key-name form the spec
  // recommends, which (having no spaces) also can never begin a DSSE PAE.
  if (!isValidKeyName(origin)) throw new TypeError('origin must be a valid key name, like example.com/log');
  if (!isIndex(size)) throw new RangeError(`size must be a non-negative safe integer, got ${String(size)}`);
  if (!isHash(rootHash)) throw new RangeError(`root hash must be ${HASH_SIZE} bytes`);
  for (const line of extensions) {
    if (line === '' || line.includes('\n') || !isPrintable(line))
      throw new TypeError('invalid extension line');
  }
  return [origin, String(size), encodeBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
}

export function parseCheckpoint(text: unknown): Result<Checkpoint, CheckpointFailure> {
  if (typeof text !== 'string' || !text.endsWith('\n') || !isPrintable(text, true)) {
    return fail('malformed-checkpoint', 'a checkpoint is printable text ending in a newline');
  }
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) return fail('malformed-checkpoint', 'a checkpoint has at least three lines');
  if (lines.some((line) => line === ''))
    return fail('malformed-checkpoint', 'checkpoint lines are non-empty');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  // No sign, no leading zero, and small enough to be exact: one spelling per size.
  if (!/^(?:0|[1-9][0-9]{0,15})$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    return fail('malformed-checkpoint', 'tree size is not a canonical decimal');
  }
  const rootHash = decodeBase64(rootLine);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE) {
    return fail('malformed-checkpoint', 'root hash is not the canonical base64 of 32 bytes');
  }
  return ok({ origin, size: Number(sizeLine), rootHash, extensions });
}

export function signCheckpoint(checkpoint: CheckpointInput, signer: NoteSigner): string {
  return signNote(formatCheckpoint(checkpoint), signer);
}

/** Verifies the note's signature by `verifier`, then parses its text as a checkpoint. */
export function verifyCheckpoint(
  note: string | Uint8Array,
  verifier: string | VerifierKey,
): Result<Checkpoint, NoteFailure | CheckpointFailure> {
  const text = verifyNote(note, verifier);
  return text.ok ? parseCheckpoint(text.value) : text;
}
