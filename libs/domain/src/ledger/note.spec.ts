import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { rawPublicKey, rawSeed, toPrivateKey, toPublicKey } from './ed25519';
import {
  generateNoteKeys,
  noteKeyId,
  parseSignerKey,
  parseVerifierKey,
  signerKey,
  verifierKey,
  VerifierKey,
} from './note-keys';
import { signNote, verifyNote } from './note';

// golang.org/x/mod/sumdb/note, note_test.go: a published key pair and the note it signs. Ed25519 is
// deterministic, so signing the same text with the same key must reproduce the note byte for byte.
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_LINE =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_LINE =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const NOTE = `${TEXT}\n${PETER_LINE}`;

// RFC 8032 section 7.1, TEST 1.
const RFC8032_SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
const RFC8032_PUB = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');

function peter() {
  const parsed = parseSignerKey(PETER_SKEY);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.value;
}

describe('Ed25519 keys', () => {
  it('derives the RFC 8032 public key from its seed and round-trips raw keys', () => {
    const priv = toPrivateKey(RFC8032_SEED);
    expect(rawPublicKey(priv)).toEqual(RFC8032_PUB);
    expect(rawSeed(priv)).toEqual(RFC8032_SEED);
    expect(rawPublicKey(toPublicKey(RFC8032_PUB))).toEqual(RFC8032_PUB);
  });

  it('refuses keys of the wrong type or size', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed448');
    expect(() => toPrivateKey(privateKey)).toThrow(TypeError);
    expect(() => toPublicKey(publicKey)).toThrow(TypeError);
    expect(() => toPrivateKey(new Uint8Array(31))).toThrow(TypeError);
    expect(() => toPublicKey(new Uint8Array(33))).toThrow(TypeError);
  });
});

describe('signed-note keys', () => {
  it('reads the Go reference signer key and derives its verifier key', () => {
    const signer = peter();
    expect(signer.name).toBe('PeterNeumann');
    expect(signer.keyId).toBe('c74f20a3');
    expect(signer.verifierKey).toBe(PETER_VKEY);
    expect(signerKey(signer)).toBe(PETER_SKEY);
  });

  it('computes key IDs as SHA-256(name || 0x0a || 0x01 || key)[:4]', () => {
    const vk = parseVerifierKey(ENOCH_VKEY);
    expect(vk.ok && noteKeyId('EnochRoot', vk.value.rawPublicKey)).toBe('af0cfe78');
  });

  it('round-trips generated keys through their config strings', () => {
    const keys = generateNoteKeys('quorate.example/log');
    expect(keys.signerKey).toMatch(/^PRIVATE\+KEY\+quorate\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    expect(keys.verifierKey).toMatch(/^quorate\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const parsed = parseSignerKey(keys.signerKey);
    expect(parsed.ok && parsed.value.verifierKey).toBe(keys.verifierKey);
    expect(verifierKey('quorate.example/log', keys.publicKey)).toBe(keys.verifierKey);
    expect(verifierKey('quorate.example/log', rawPublicKey(keys.publicKey))).toBe(keys.verifierKey);
    const vk = parseVerifierKey(keys.verifierKey);
    expect(vk.ok && vk.value.rawPublicKey).toEqual(rawPublicKey(keys.publicKey));
  });

  it('reports malformed verifier keys as values', () => {
    const reasons = (s: unknown) => {
      const r = parseVerifierKey(s);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reasons(PETER_VKEY)).toBe('ok');
    expect(reasons(PETER_VKEY.replace('c74f20a3', 'c74f20a4'))).toBe('key-id-mismatch');
    expect(reasons(PETER_VKEY.replace('PeterNeumann', 'PeterNeuman'))).toBe('key-id-mismatch');
    expect(reasons(PETER_VKEY.replace('Kqi', 'Kqj'))).toBe('key-id-mismatch');
    expect(reasons('PeterNeumann+c74f20a3+AhpjmQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toBe(
      'unsupported-algorithm',
    );
    expect(reasons(PETER_VKEY.slice(0, -4))).toBe('malformed-key');
    expect(reasons(`${PETER_VKEY}AAAA`)).toBe('malformed-key');
    expect(reasons(PETER_VKEY.replace('10TW', '10TX'))).not.toBe('ok');
    expect(reasons('Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toBe(
      'malformed-key',
    );
    expect(reasons('PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toBe(
      'malformed-key',
    );
    expect(reasons('PeterNeumann')).toBe('malformed-key');
    expect(reasons('')).toBe('malformed-key');
    expect(reasons(undefined)).toBe('malformed-key');
    expect(reasons(42)).toBe('malformed-key');
    fc.assert(fc.property(fc.string(), (s) => expect(typeof reasons(s)).toBe('string')));
  });

  it('reports malformed signer keys as values', () => {
    const reasons = (s: unknown) => {
      const r = parseSignerKey(s);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reasons(PETER_SKEY.replace('c74f20a3', '00000000'))).toBe('key-id-mismatch');
    expect(reasons(PETER_SKEY.replace('PRIVATE+KEY+', 'PRIVATE+'))).toBe('malformed-key');
    expect(reasons(PETER_VKEY)).toBe('malformed-key');
    expect(reasons(null)).toBe('malformed-key');
  });

  it('refuses invalid key names when generating or encoding', () => {
    for (const name of ['', 'a b', 'a+b', 'a\tb', 'a\u00a0b', 'a\nb']) {
      expect(() => generateNoteKeys(name)).toThrow(TypeError);
    }
  });
});

describe('signed notes', () => {
  it('reproduces the Go reference note byte for byte and verifies it', () => {
    expect(signNote(TEXT, peter())).toBe(NOTE);
    const opened = verifyNote(NOTE, PETER_VKEY);
    expect(opened).toEqual({ ok: true, value: TEXT });
    expect(verifyNote(Buffer.from(NOTE, 'utf8'), PETER_VKEY)).toEqual({ ok: true, value: TEXT });
  });

  it('ignores signatures by other keys and needs one by the given key', () => {
    const both = `${TEXT}\n${PETER_LINE}${ENOCH_LINE}`;
    expect(verifyNote(both, PETER_VKEY).ok).toBe(true);
    expect(verifyNote(both, ENOCH_VKEY).ok).toBe(true);
    const enochOnly = `${TEXT}\n${ENOCH_LINE}`;
    expect(verifyNote(enochOnly, PETER_VKEY)).toMatchObject({ ok: false, reason: 'no-signature-from-key' });
  });

  it('fails a note whose signature names the key but does not verify', () => {
    const other = generateNoteKeys('PeterNeumann');
    const vk = parseVerifierKey(other.verifierKey);
    if (!vk.ok) throw new Error(vk.detail);
    // Same name and ID as the reference key, different public key: a colliding ID must not pass.
    const impostor: VerifierKey = { ...vk.value, keyId: 'c74f20a3' };
    expect(verifyNote(NOTE, impostor)).toMatchObject({ ok: false, reason: 'invalid-signature' });
    // A second line by the trusted key that does not verify spoils the note.
    const forged = `${NOTE}${PETER_LINE.replace('x08go/ZJ', 'x08go/ZK')}`;
    expect(verifyNote(forged, PETER_VKEY)).toMatchObject({ ok: false, reason: 'invalid-signature' });
  });

  it('fails with a different key of the same name', () => {
    const other = generateNoteKeys('PeterNeumann');
    expect(verifyNote(NOTE, other.verifierKey)).toMatchObject({ ok: false, reason: 'no-signature-from-key' });
  });

  it('fails after any change to any byte of the note', () => {
    const bytes = Buffer.from(NOTE, 'utf8');
    const passed: string[] = [];
    for (let i = 0; i < bytes.length; i++) {
      for (const mask of [0x01, 0x20, 0x80]) {
        const changed = Buffer.from(bytes);
        changed[i] ^= mask;
        if (verifyNote(changed, PETER_VKEY).ok) passed.push(`byte ${i} ^ ${mask}`);
      }
    }
    expect(passed).toEqual([]);
  });

  it('fails when bytes are added or removed', () => {
    expect(verifyNote(NOTE.slice(0, -1), PETER_VKEY).ok).toBe(false);
    expect(verifyNote(`${NOTE}\n`, PETER_VKEY).ok).toBe(false);
    expect(verifyNote(`x${NOTE}`, PETER_VKEY).ok).toBe(false);
    expect(verifyNote(NOTE.replace('\n\n', '\n'), PETER_VKEY).ok).toBe(false);
    expect(verifyNote(NOTE.replace('\n\n', '\n\n\n'), PETER_VKEY).ok).toBe(false);
  });

  it('rejects malformed notes as values and never throws', () => {
    const key = parseVerifierKey(PETER_VKEY);
    if (!key.ok) throw new Error(key.detail);
    const reason = (note: string | Uint8Array) => {
      const r = verifyNote(note, key.value);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('')).toBe('malformed-note');
    expect(reason(TEXT)).toBe('malformed-note');
    expect(reason(`${TEXT}\n`)).toBe('malformed-note');
    expect(reason(NOTE.replace('\u2014', '-'))).toBe('malformed-note');
    expect(reason(NOTE.replace('If you', 'If\tyou'))).toBe('malformed-note');
    expect(reason(NOTE.replace('If you', 'If \uD800you'))).toBe('malformed-note');
    expect(reason(Uint8Array.of(0xff, 0x0a, 0x0a))).toBe('malformed-note');
    expect(reason(NOTE.replace('=\n', '\n'))).toBe('malformed-note');
    expect(reason(`${NOTE}${'\u2014 w AAAAAAA=\n'.repeat(100)}`)).toBe('malformed-note');
    expect(reason(`${NOTE}${'\u2014 w AAAAAAA=\n'.repeat(99)}`)).toBe('ok');
    expect(reason(null as unknown as string)).toBe('malformed-note');
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.uint8Array()),
        fc.nat(NOTE.length),
        fc.string(),
        (junk, at, insert) => {
          expect(reason(junk)).not.toBe('ok');
          expect(() => reason(NOTE.slice(0, at) + insert + NOTE.slice(at + 1))).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips notes signed with a generated key, given as a KeyObject or a seed', () => {
    const keys = generateNoteKeys('log.example/a');
    const text = 'line one\n\nline three, after an empty line\n';
    for (const privateKey of [keys.signer.privateKey, rawSeed(keys.signer.privateKey)]) {
      const note = signNote(text, { name: 'log.example/a', privateKey });
      expect(verifyNote(note, keys.verifierKey)).toEqual({ ok: true, value: text });
    }
  });

  it('refuses to sign text that is not a valid note text or could pass for a DSSE PAE', () => {
    const { signer } = generateNoteKeys('log.example/a');
    expect(() => signNote('no newline', signer)).toThrow(TypeError);
    expect(() => signNote('bell\u0007\n', signer)).toThrow(TypeError);
    expect(() => signNote('DSSEv1 28 application/vnd.in-toto+json 2 {}\n', signer)).toThrow(TypeError);
    expect(() => signNote('ok\n', { ...signer, name: 'a b' })).toThrow(TypeError);
  });
});
