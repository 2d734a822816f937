import { createHash, generateKeyPairSync, KeyObject } from 'node:crypto';
import {
  ED25519_KEY_SIZE,
  Ed25519PrivateKeyInput,
  Ed25519PublicKeyInput,
  rawPublicKey,
  rawSeed,
  toPrivateKey,
  toPublicKey,
} from './ed25519';
import { decodeBase64, encodeBase64 } from './encoding';
import { fail, ok, Result } from './result';

/** The C2SP signed-note signature type byte for Ed25519. */
export const ALG_ED25519 = 0x01;

const SIGNER_KEY_PREFIX = 'PRIVATE+KEY+';

/** Who signs a note: a key name (C2SP: no spaces, no '+') and an Ed25519 private key or seed. */
export interface NoteSigner {
  readonly name: string;
  readonly privateKey: Ed25519PrivateKeyInput;
}

/** A parsed `<name>+<keyID hex>+<base64(0x01 || public key)>` verifier key. */
export interface VerifierKey {
  readonly name: string;
  /** 8 lowercase hex digits. */
  readonly keyId: string;
  readonly publicKey: KeyObject;
  readonly rawPublicKey: Buffer;
}

export type KeyFailure = 'malformed-key' | 'unsupported-algorithm' | 'key-id-mismatch';

/** C2SP signed-note: key names are non-empty and contain no Unicode space and no '+'. */
export function isValidKeyName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && !/[\p{White_Space}+]/u.test(name) && isPrintable(name);
}

/** No ASCII control characters and no unpaired surrogates: text that survives UTF-8 unchanged. */
export function isPrintable(s: string, allowNewline = false): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && !(allowNewline && c === 0x0a)) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** SHA-256(name || "\n" || 0x01 || public key)[:4], as 8 lowercase hex digits. */
export function noteKeyId(name: string, publicKey: Uint8Array): string {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Uint8Array.of(0x0a, ALG_ED25519))
    .update(publicKey)
    .digest()
    .subarray(0, 4)
    .toString('hex');
}

/** The verifier key string `<name>+<keyID>+<base64(0x01 || public key)>`. */
export function verifierKey(name: string, publicKey: Ed25519PublicKeyInput | KeyObject): string {
  assertKeyName(name);
  const raw = rawPublicKey(publicKey);
  return `${name}+${noteKeyId(name, raw)}+${encodeBase64(Buffer.concat([Uint8Array.of(ALG_ED25519), raw]))}`;
}

export function parseVerifierKey(s: unknown): Result<VerifierKey, KeyFailure> {
  if (typeof s !== 'string') return fail('malformed-key', 'a verifier key is a string');
  // The name holds no '+', the key ID no '+', so only the base64 (which may) is left after two cuts.
  const [name, keyId, encoded] = splitPlus(s, 3);
  const parsed = parseKeyMaterial(name, keyId, encoded);
  if (!parsed.ok) return parsed;
  const raw = parsed.value;
  if (noteKeyId(name, raw) !== keyId.toLowerCase()) {
    return fail('key-id-mismatch', `key ID ${keyId} does not match the name and public key`);
  }
  try {
    return ok({ name, keyId: keyId.toLowerCase(), publicKey: toPublicKey(raw), rawPublicKey: raw });
  } catch {
    return fail('malformed-key', 'not a usable Ed25519 public key');
  }
}

/** The signer key string `PRIVATE+KEY+<name>+<keyID>+<base64(0x01 || seed)>`, for configuration. */
export function signerKey(signer: NoteSigner): string {
  assertKeyName(signer.name);
  const seed = rawSeed(signer.privateKey);
  const id = noteKeyId(signer.name, rawPublicKey(toPrivateKey(signer.privateKey)));
  return `${SIGNER_KEY_PREFIX}${signer.name}+${id}+${encodeBase64(Buffer.concat([Uint8Array.of(ALG_ED25519), seed]))}`;
}

export interface ParsedSigner {
  readonly name: string;
  readonly keyId: string;
  readonly privateKey: KeyObject;
  /** The matching verifier key string, to publish. */
  readonly verifierKey: string;
}

export function parseSignerKey(s: unknown): Result<ParsedSigner, KeyFailure> {
  if (typeof s !== 'string' || !s.startsWith(SIGNER_KEY_PREFIX)) {
    return fail('malformed-key', `a signer key starts with ${SIGNER_KEY_PREFIX}`);
  }
  const [name, keyId, encoded] = splitPlus(s.slice(SIGNER_KEY_PREFIX.length), 3);
  const parsed = parseKeyMaterial(name, keyId, encoded);
  if (!parsed.ok) return parsed;
  const privateKey = toPrivateKey(parsed.value);
  const publicRaw = rawPublicKey(privateKey);
  // The ID names the public key, so it can only be checked once the seed has been expanded.
  if (noteKeyId(name, publicRaw) !== keyId.toLowerCase()) {
    return fail('key-id-mismatch', `key ID ${keyId} does not match the name and derived public key`);
  }
  return ok({ name, keyId: keyId.toLowerCase(), privateKey, verifierKey: verifierKey(name, publicRaw) });
}

export interface GeneratedNoteKeys {
  readonly signer: NoteSigner;
  readonly signerKey: string;
  readonly verifierKey: string;
  readonly publicKey: KeyObject;
}

export function generateNoteKeys(name: string): GeneratedNoteKeys {
  assertKeyName(name);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = { name, privateKey };
  return { signer, signerKey: signerKey(signer), verifierKey: verifierKey(name, publicKey), publicKey };
}

export function assertKeyName(name: unknown): asserts name is string {
  if (!isValidKeyName(name)) throw new TypeError(`invalid key name ${JSON.stringify(name)}`);
}

function splitPlus(s: string, parts: number): string[] {
  const out: string[] = [];
  let rest = s;
  for (let i = 1; i < parts; i++) {
    const at = rest.indexOf('+');
    if (at < 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  out.push(rest);
  while (out.length < parts) out.push('');
  return out;
}

function parseKeyMaterial(name: string, keyId: string, encoded: string): Result<Buffer, KeyFailure> {
  if (!isValidKeyName(name)) return fail('malformed-key', 'invalid key name');
  if (!/^[0-9a-fA-F]{8}$/.test(keyId)) return fail('malformed-key', 'the key ID is 8 hex digits');
  const bytes = decodeBase64(encoded);
  if (bytes === undefined || bytes.length === 0)
    return fail('malformed-key', 'the key is not canonical base64');
  if (bytes[0] !== ALG_ED25519)
    return fail('unsupported-algorithm', `signature type 0x${bytes[0].toString(16)}`);
  if (bytes.length !== 1 + ED25519_KEY_SIZE) return fail('malformed-key', 'an Ed25519 key is 32 bytes');
  return ok(bytes.subarray(1));
}
