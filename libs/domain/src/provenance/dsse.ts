import {
  decodeBase64,
  decodeUtf8,
  Ed25519PrivateKeyInput,
  Ed25519PublicKeyInput,
  ed25519Sign,
  ed25519Verify,
  encodeBase64,
  Result,
  toPrivateKey,
  toPublicKey,
} from '../ledger';
import { fail, ok } from '../ledger/result';
import { parseStatement, Statement } from './statement';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const MAX_ENVELOPE_SIGNATURES = 16;

export interface DsseSignature {
  /** An unauthenticated hint naming the key; never trusted for anything. */
  readonly keyid?: string;
  readonly sig: string;
}

export interface DsseEnvelope {
  readonly payloadType: string;
  readonly payload: string;
  readonly signatures: readonly DsseSignature[];
}

export interface EnvelopeSigner {
  readonly privateKey: Ed25519PrivateKeyInput;
  readonly keyid?: string;
}

export type EnvelopeFailure =
  | 'malformed-envelope'
  | 'non-canonical-envelope'
  | 'unsupported-payload-type'
  | 'invalid-key'
  | 'invalid-signature'
  | 'malformed-statement';

export interface VerifiedEnvelope {
  readonly statement: Statement;
  /** The exact signed payload bytes. */
  readonly payload: Buffer;
}

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in decimal bytes. */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    payload,
  ]);
}

/**
 * Signs a statement and returns the envelope with its exact serialised bytes: those bytes, and never
 * a re-serialisation, are what the ledger stores and hashes.
 */
export function signEnvelope(
  statement: Statement<object>,
  signer: EnvelopeSigner,
): { envelope: DsseEnvelope; bytes: Buffer } {
  const checked = parseStatement(JSON.parse(JSON.stringify(statement)));
  if (!checked.ok) throw new TypeError(checked.detail);
  const payload = Buffer.from(JSON.stringify(statement), 'utf8');
  const sig = ed25519Sign(pae(IN_TOTO_PAYLOAD_TYPE, payload), toPrivateKey(signer.privateKey));
  const envelope: DsseEnvelope = {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: encodeBase64(payload),
    signatures: [{ keyid: signer.keyid ?? '', sig: encodeBase64(sig) }],
  };
  return { envelope, bytes: Buffer.from(JSON.stringify(envelope), 'utf8') };
}

/**
 * Checks an envelope signed by `publicKey` and returns the statement it carries.
 *
 * Only the canonical encoding is accepted: the envelope bytes (when given as bytes or text) and the
 * payload must each be exactly what JSON.stringify produces for their content, and base64 must be
 * canonical. That excludes duplicate keys and any other input two JSON parsers could read
 * differently, so every reader of a stored entry sees the statement that was signed.
 */
export function verifyEnvelope(
  input: DsseEnvelope | Uint8Array | string,
  publicKey: Ed25519PublicKeyInput,
): Result<VerifiedEnvelope, EnvelopeFailure> {
  const parsed = readEnvelope(input);
  if (!parsed.ok) return parsed;
  const envelope = parsed.value;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return fail('unsupported-payload-type', `payloadType is not ${IN_TOTO_PAYLOAD_TYPE}`);
  }
  const payload = decodeBase64(envelope.payload);
  if (payload === undefined) return fail('malformed-envelope', 'payload is not canonical base64');

  let key;
  try {
    key = toPublicKey(publicKey);
  } catch {
    return fail('invalid-key', 'not an Ed25519 public key');
  }
  // Signature before parsing: unauthenticated content is never interpreted.
  const message = pae(envelope.payloadType, payload);
  const signed = envelope.signatures.some(({ sig }) => {
    const bytes = decodeBase64(sig);
    return bytes !== undefined && ed25519Verify(message, key, bytes);
  });
  if (!signed) return fail('invalid-signature', 'no signature verifies with the given key');

  const text = decodeUtf8(payload);
  const json = text === undefined ? undefined : parseJson(text);
  if (json === undefined || JSON.stringify(json) !== text) {
    return fail('malformed-statement', 'payload is not canonical JSON');
  }
  const statement = parseStatement(json);
  if (!statement.ok) return fail('malformed-statement', statement.detail);
  return ok({ statement: statement.value, payload });
}

function readEnvelope(input: unknown): Result<DsseEnvelope, EnvelopeFailure> {
  let value = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : decodeUtf8(input);
    value = text === undefined ? undefined : parseJson(text);
    if (value === undefined) return fail('malformed-envelope', 'not UTF-8 JSON');
    if (JSON.stringify(value) !== text) return fail('non-canonical-envelope', 'not in canonical JSON form');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('malformed-envelope', 'an envelope is a JSON object');
  }
  const { payloadType, payload, signatures, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return fail('malformed-envelope', 'unknown fields');
  if (typeof payloadType !== 'string' || typeof payload !== 'string') {
    return fail('malformed-envelope', 'payloadType and payload are strings');
  }
  if (!Array.isArray(signatures) || signatures.length === 0 || signatures.length > MAX_ENVELOPE_SIGNATURES) {
    return fail('malformed-envelope', `1 to ${MAX_ENVELOPE_SIGNATURES} signatures`);
  }
  for (const s of signatures as unknown[]) {
    if (typeof s !== 'object' || s === null || Array.isArray(s))
      return fail('malformed-envelope', 'bad signature');
    const { keyid, sig, ...extra } = s as Record<string, unknown>;
    if (
      typeof sig !== 'string' ||
      (keyid !== undefined && typeof keyid !== 'string') ||
      Object.keys(extra).length
    ) {
      return fail('malformed-envelope', 'a signature is {keyid?: string, sig: string}');
    }
  }
  return ok({ payloadType, payload, signatures: signatures as DsseSignature[] });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
