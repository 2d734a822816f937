// Node's decoders are lenient: they skip characters outside the alphabet, accept missing padding and
// ignore stray low bits, so many strings decode to the same bytes. Signed and hashed formats need
// exactly one spelling per value, so these decoders accept only the canonical encoding.

const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;

/** Standard base64 (RFC 4648 section 4) with padding; undefined unless `s` is its canonical form. */
export function decodeBase64(s: unknown): Buffer | undefined {
  if (typeof s !== 'string' || !STD_BASE64.test(s)) return undefined;
  const bytes = Buffer.from(s, 'base64');
  return bytes.toString('base64') === s ? bytes : undefined;
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Lowercase hex, optionally of an exact byte length; undefined otherwise. */
export function decodeHex(s: unknown, byteLength?: number): Buffer | undefined {
  if (typeof s !== 'string' || !LOWER_HEX.test(s)) return undefined;
  if (byteLength !== undefined && s.length !== byteLength * 2) return undefined;
  return Buffer.from(s, 'hex');
}

export function encodeHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of `bytes` if they are well-formed UTF-8. A leading byte-order mark is kept, so the
 * string always re-encodes to exactly the bytes that were signed or hashed.
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * True when `s` has no unpaired surrogate. Such a string has no UTF-8 form: encoding silently swaps
 * the surrogate for U+FFFD, so the bytes a signature covers would differ from the text shown.
 */
export function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDFFF]/u.test(s);
}
