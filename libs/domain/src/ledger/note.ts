import { ED25519_SIGNATURE_SIZE, ed25519Sign, ed25519Verify, rawPublicKey, toPrivateKey } from './ed25519';
import { decodeBase64, decodeUtf8, encodeBase64 } from './encoding';
import {
  assertKeyName,
  isPrintable,
  isValidKeyName,
  NoteSigner,
  noteKeyId,
  parseVerifierKey,
  VerifierKey,
} from './note-keys';
import { fail, ok, Result } from './result';

// C2SP signed-note (c2sp.org/signed-note): the text, a blank line, then one line per signature:
// U+2014, space, key name, space, base64(4-byte key ID || signature), newline.
const SIGNATURE_PREFIX = '\u2014 ';
// The spec asks verifiers to cap signatures and accept at least 16; the Go reference caps at 100.
export const MAX_NOTE_SIGNATURES = 100;

// A DSSE signature covers "DSSEv1 ..." (PAE). The log signs both notes and envelopes with one key, so a
// note text that starts the same way could be replayed as an envelope signature; refusing to sign
// one keeps the two signature domains apart. (The other way round is closed too: the envelopes carry
// JSON.stringify output, which never ends in a newline, so their PAE is never a note text.)
const DSSE_PAE_START = 'DSSEv1 ';

export type NoteFailure =
  | 'malformed-key'
  | 'unsupported-algorithm'
  | 'key-id-mismatch'
  | 'malformed-note'
  | 'invalid-signature'
  | 'no-signature-from-key';

/** Signs `text` (which must end in a newline) and returns the complete signed note. */
export function signNote(text: string, signer: NoteSigner): string {
  if (typeof text !== 'string' || !text.endsWith('\n') || !isPrintable(text, true)) {
    throw new TypeError('note text must be printable UTF-8 text ending in a newline');
  }
  if (text.startsWith(DSSE_PAE_START)) throw new TypeError('note text must not look like a DSSE PAE');
  assertKeyName(signer.name);
  const key = toPrivateKey(signer.privateKey);
  const keyId = Buffer.from(noteKeyId(signer.name, rawPublicKey(key)), 'hex');
  const signature = ed25519Sign(Buffer.from(text, 'utf8'), key);
  return `${text}\n${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(Buffer.concat([keyId, signature]))}\n`;
}

/**
 * Verifies a signed note against one trusted key and returns its text.
 *
 * Per the spec, signatures by other keys (say, witnesses) are ignored, every signature that names
 * this key must verify, and at least one must be present.
 */
export function verifyNote(
  note: string | Uint8Array,
  verifier: string | VerifierKey,
): Result<string, NoteFailure> {
  let key: VerifierKey;
  if (typeof verifier === 'string') {
    const parsed = parseVerifierKey(verifier);
    if (!parsed.ok) return parsed;
    key = parsed.value;
  } else {
    key = verifier;
  }

  const message = typeof note === 'string' ? note : note instanceof Uint8Array ? decodeUtf8(note) : undefined;
  if (message === undefined) return fail('malformed-note', 'a note is well-formed UTF-8 text');
  if (!isPrintable(message, true))
    return fail('malformed-note', 'a note holds no control characters but newline');

  const split = message.lastIndexOf('\n\n');
  if (split < 0) return fail('malformed-note', 'no blank line before the signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block === '' || !block.endsWith('\n'))
    return fail('malformed-note', 'signature lines must end in newlines');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES)
    return fail('malformed-note', `more than ${MAX_NOTE_SIGNATURES} signatures`);

  const signed = Buffer.from(text, 'utf8');
  let verified = 0;
  for (const [n, line] of lines.entries()) {
    const parsed = parseSignatureLine(line);
    if (!parsed) return fail('malformed-note', `signature line ${n + 1} is malformed`);
    if (parsed.name !== key.name || parsed.keyId !== key.keyId) continue;
    const signature = parsed.blob.subarray(4);
    if (signature.length !== ED25519_SIGNATURE_SIZE || !ed25519Verify(signed, key.publicKey, signature)) {
      return fail('invalid-signature', `the signature by ${key.name}+${key.keyId} does not verify`);
    }
    verified++;
  }
  if (verified === 0) return fail('no-signature-from-key', `not signed by ${key.name}+${key.keyId}`);
  return ok(text);
}

function parseSignatureLine(line: string): { name: string; keyId: string; blob: Buffer } | undefined {
  if (!line.startsWith(SIGNATURE_PREFIX)) return undefined;
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) return undefined;
  const name = rest.slice(0, space);
  const blob = decodeBase64(rest.slice(space + 1));
  // Four bytes of key ID and at least one of signature, as the Go reference requires.
  if (!isValidKeyName(name) || blob === undefined || blob.length < 5) return undefined;
  return { name, keyId: blob.subarray(0, 4).toString('hex'), blob };
}
