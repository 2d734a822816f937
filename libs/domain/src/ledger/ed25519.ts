import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

export const ED25519_KEY_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

// Fixed ASN.1 headers of the PKCS #8 and SPKI encodings of an Ed25519 key (RFC 8410): the raw key is
// all that follows them. DER is used instead of JWK because Node's JWK import wants the public half
// of a private key too.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** An Ed25519 private key, or its raw 32-byte seed. */
export type Ed25519PrivateKeyInput = KeyObject | Uint8Array;
/** An Ed25519 public key, or its raw 32-byte encoding. */
export type Ed25519PublicKeyInput = KeyObject | Uint8Array;

export function toPrivateKey(key: Ed25519PrivateKeyInput): KeyObject {
  if (key instanceof KeyObject) {
    if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
      throw new TypeError('expected an Ed25519 private key');
    }
    return key;
  }
  if (!(key instanceof Uint8Array) || key.length !== ED25519_KEY_SIZE) {
    throw new TypeError(`an Ed25519 seed is ${ED25519_KEY_SIZE} bytes`);
  }
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, key]), format: 'der', type: 'pkcs8' });
}

export function toPublicKey(key: Ed25519PublicKeyInput): KeyObject {
  if (key instanceof KeyObject) {
    if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') {
      throw new TypeError('expected an Ed25519 public key');
    }
    return key;
  }
  if (!(key instanceof Uint8Array) || key.length !== ED25519_KEY_SIZE) {
    throw new TypeError(`an Ed25519 public key is ${ED25519_KEY_SIZE} bytes`);
  }
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, key]), format: 'der', type: 'spki' });
}

/** The raw 32-byte public key of a public key, or of the public half of a private key. */
export function rawPublicKey(key: Ed25519PublicKeyInput | KeyObject): Buffer {
  const pub = key instanceof KeyObject && key.type === 'private' ? createPublicKey(key) : toPublicKey(key);
  return stripPrefix(pub.export({ format: 'der', type: 'spki' }), SPKI_PREFIX);
}

/** The raw 32-byte seed of a private key. */
export function rawSeed(key: Ed25519PrivateKeyInput): Buffer {
  return stripPrefix(toPrivateKey(key).export({ format: 'der', type: 'pkcs8' }), PKCS8_PREFIX);
}

export function ed25519Sign(message: Uint8Array, key: KeyObject): Buffer {
  return sign(null, message, key);
}

/** Never throws: a key OpenSSL refuses to use simply verifies nothing. */
export function ed25519Verify(message: Uint8Array, key: KeyObject, signature: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_SIZE) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

function stripPrefix(der: Buffer, prefix: Buffer): Buffer {
  if (der.length !== prefix.length + ED25519_KEY_SIZE || !der.subarray(0, prefix.length).equals(prefix)) {
    throw new TypeError('unexpected Ed25519 key encoding');
  }
  return Buffer.from(der.subarray(prefix.length));
}
