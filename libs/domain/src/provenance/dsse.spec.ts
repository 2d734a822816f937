import fc from 'fast-check';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { rawPublicKey } from '../ledger';
import { DsseEnvelope, IN_TOTO_PAYLOAD_TYPE, pae, signEnvelope, verifyEnvelope } from './dsse';
import { assetSubject, ledgerEventStatement } from './statement';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const statement = ledgerEventStatement([assetSubject('asset-1', 1, 'b'.repeat(64))], {
  kind: 'vote.cast',
  at: '2025-01-02T03:04:05.000Z',
  assetId: 'asset-1',
  versionNumber: 1,
  actor: { type: 'user', id: 'reviewer-é' },
  data: { vote: 'approve', reason: 'looks right ✓' },
});
const { envelope, bytes } = signEnvelope(statement, { privateKey, keyid: 'log-key' });

const b64 = (b: Uint8Array | string) => Buffer.from(b).toString('base64');
const reason = (r: ReturnType<typeof verifyEnvelope>) => (r.ok ? 'ok' : r.reason);

/** An envelope over an arbitrary payload, correctly signed, to test what happens after the signature. */
function signedRaw(payload: Buffer, type = IN_TOTO_PAYLOAD_TYPE): DsseEnvelope {
  return {
    payloadType: type,
    payload: b64(payload),
    signatures: [{ keyid: '', sig: b64(sign(null, pae(type, payload), privateKey)) }],
  };
}

describe('DSSE pre-authentication encoding', () => {
  it('matches the example of the DSSE specification', () => {
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('counts bytes, not characters', () => {
    expect(pae('t', Buffer.from('é')).toString()).toBe('DSSEv1 1 t 2 é');
    expect(pae('ü', Buffer.alloc(0)).toString()).toBe('DSSEv1 2 ü 0 ');
  });

  it('never encodes two different (type, body) pairs alike', () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array(), fc.string(), fc.uint8Array(), (t1, b1, t2, b2) => {
        fc.pre(t1 !== t2 || !Buffer.from(b1).equals(Buffer.from(b2)));
        expect(pae(t1, b1).equals(pae(t2, b2))).toBe(false);
      }),
    );
    expect(pae('a 1 b', Buffer.from('c')).equals(pae('a', Buffer.from('b 1 c')))).toBe(false);
  });
});

describe('DSSE envelopes', () => {
  it('has the DSSE JSON shape, stored as the exact bytes returned', () => {
    expect(Object.keys(envelope)).toEqual(['payloadType', 'payload', 'signatures']);
    expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
    expect(Buffer.from(envelope.payload, 'base64').toString()).toBe(JSON.stringify(statement));
    expect(envelope.signatures).toHaveLength(1);
    expect(envelope.signatures[0].keyid).toBe('log-key');
    expect(bytes.toString()).toBe(JSON.stringify(envelope));
  });

  it('signs PAE(type, payload), not the bare payload', () => {
    const payload = Buffer.from(envelope.payload, 'base64');
    const sig = Buffer.from(envelope.signatures[0].sig, 'base64');
    expect(sig).toHaveLength(64);
    expect(verify(null, pae(IN_TOTO_PAYLOAD_TYPE, payload), publicKey, sig)).toBe(true);
    expect(verify(null, payload, publicKey, sig)).toBe(false);
    const bare = { ...envelope, signatures: [{ keyid: '', sig: b64(sign(null, payload, privateKey)) }] };
    expect(reason(verifyEnvelope(bare, publicKey))).toBe('invalid-signature');
  });

  it('round-trips from bytes, text or object, with a raw or KeyObject public key', () => {
    for (const input of [bytes, bytes.toString(), envelope]) {
      for (const key of [publicKey, rawPublicKey(publicKey)]) {
        const r = verifyEnvelope(input, key);
        expect(r.ok && r.value.statement).toEqual(statement);
        expect(r.ok && r.value.payload.toString()).toBe(JSON.stringify(statement));
      }
    }
  });

  it('fails with another key, and after any change to any byte but the keyid hint', () => {
    expect(reason(verifyEnvelope(bytes, other.publicKey))).toBe('invalid-signature');
    const passed: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i] ^= 0x01;
      if (verifyEnvelope(changed, publicKey).ok) passed.push(i);
    }
    // DSSE leaves keyid unsigned by design; in the ledger the leaf hash covers those bytes too.
    const keyidAt = bytes.indexOf('"keyid":"log-key"') + '"keyid":"'.length;
    expect(passed).toEqual(Array.from({ length: 'log-key'.length }, (_, k) => keyidAt + k));
  });

  it('names why an envelope fails', () => {
    const tampered = Buffer.from(JSON.stringify({ ...statement, predicateType: 'x' }));
    expect(reason(verifyEnvelope({ ...envelope, payload: b64(tampered) }, publicKey))).toBe(
      'invalid-signature',
    );
    expect(reason(verifyEnvelope({ ...envelope, payloadType: 'text/plain' }, publicKey))).toBe(
      'unsupported-payload-type',
    );
    expect(reason(verifyEnvelope(signedRaw(Buffer.from('hi'), 'text/plain'), publicKey))).toBe(
      'unsupported-payload-type',
    );
    expect(reason(verifyEnvelope(JSON.stringify(envelope, null, 1), publicKey))).toBe(
      'non-canonical-envelope',
    );
    const duplicate = bytes.toString().replace('{"payloadType"', '{"payload":"e30=","payloadType"');
    expect(reason(verifyEnvelope(duplicate, publicKey))).toBe('non-canonical-envelope');
    expect(reason(verifyEnvelope({ ...envelope, extra: 1 } as DsseEnvelope, publicKey))).toBe(
      'malformed-envelope',
    );
    expect(
      reason(verifyEnvelope({ ...envelope, payload: envelope.payload.replace(/=*$/, '') }, publicKey)),
    ).not.toBe('ok');
    expect(reason(verifyEnvelope({ ...envelope, signatures: [] }, publicKey))).toBe('malformed-envelope');
    expect(reason(verifyEnvelope(bytes, new Uint8Array(31)))).toBe('invalid-key');
    expect(reason(verifyEnvelope(bytes, privateKey))).toBe('invalid-key');
  });

  it('accepts a signature by the key among others, and caps their number', () => {
    const foreign = { keyid: 'witness', sig: b64(sign(null, Buffer.from('x'), other.privateKey)) };
    const both = { ...envelope, signatures: [foreign, ...envelope.signatures] };
    expect(reason(verifyEnvelope(both, publicKey))).toBe('ok');
    expect(reason(verifyEnvelope({ ...envelope, signatures: [foreign] }, publicKey))).toBe(
      'invalid-signature',
    );
    const many = {
      ...envelope,
      signatures: [...Array<typeof foreign>(16).fill(foreign), ...envelope.signatures],
    };
    expect(reason(verifyEnvelope(many, publicKey))).toBe('malformed-envelope');
  });

  it('rejects a signed payload that is not a canonical in-toto statement', () => {
    const pretty = Buffer.from(JSON.stringify(statement, null, 2));
    expect(reason(verifyEnvelope(signedRaw(pretty), publicKey))).toBe('malformed-statement');
    expect(reason(verifyEnvelope(signedRaw(Buffer.from('{"a":1,"a":2}')), publicKey))).toBe(
      'malformed-statement',
    );
    expect(reason(verifyEnvelope(signedRaw(Buffer.from('{"_type":"x"}')), publicKey))).toBe(
      'malformed-statement',
    );
    expect(reason(verifyEnvelope(signedRaw(Buffer.from([0xc3, 0x28])), publicKey))).toBe(
      'malformed-statement',
    );
    expect(reason(verifyEnvelope(signedRaw(Buffer.from(JSON.stringify(statement))), publicKey))).toBe('ok');
  });

  it('never throws on hostile input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.json(), fc.string(), fc.uint8Array()), (input) => {
        const r = verifyEnvelope(input as DsseEnvelope, publicKey);
        expect(r.ok).toBe(false);
      }),
    );
  });

  it('refuses to sign an invalid statement', () => {
    expect(() => signEnvelope({ ...statement, subject: [] }, { privateKey })).toThrow(TypeError);
  });
});
