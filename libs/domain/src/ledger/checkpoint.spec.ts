import fc from 'fast-check';
import { formatCheckpoint, parseCheckpoint, signCheckpoint, verifyCheckpoint } from './checkpoint';
import { leafHash, rootFromLeafHashes } from './merkle';
import { generateNoteKeys } from './note-keys';
import { signNote } from './note';

const ROOT = rootFromLeafHashes([leafHash(Buffer.from('a')), leafHash(Buffer.from('b'))]);
const ROOT_B64 = ROOT.toString('base64');

describe('checkpoint body', () => {
  it('formats origin, decimal size and base64 root hash, each ending in a newline', () => {
    expect(formatCheckpoint({ origin: 'quorate.example/log', size: 2, rootHash: ROOT })).toBe(
      `quorate.example/log\n2\n${ROOT_B64}\n`,
    );
    expect(formatCheckpoint({ origin: 'o', size: 0, rootHash: ROOT, extensions: ['x y'] })).toBe(
      `o\n0\n${ROOT_B64}\nx y\n`,
    );
  });

  it('parses the C2SP example checkpoint', () => {
    const parsed = parseCheckpoint(
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
    expect(parsed.ok && parsed.value.origin).toBe('example.com/behind-the-sofa');
    expect(parsed.ok && parsed.value.size).toBe(20852163);
    expect(parsed.ok && parsed.value.rootHash.toString('hex')).toBe(
      '0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62',
    );
  });

  it('round-trips through format and parse, extensions included', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(
          fc.string({ minLength: 1 }).filter((s) => /^[^\n\p{Cc}]+$/u.test(s)),
          { maxLength: 3 },
        ),
        (size, root, extensions) => {
          const text = formatCheckpoint({ origin: 'log.example/x', size, rootHash: root, extensions });
          expect(parseCheckpoint(text)).toEqual({
            ok: true,
            value: { origin: 'log.example/x', size, rootHash: Buffer.from(root), extensions },
          });
        },
      ),
    );
  });

  it('accepts only one spelling of each tree size and root', () => {
    const body = (size: string, root = ROOT_B64) => `o\n${size}\n${root}\n`;
    expect(parseCheckpoint(body('9007199254740991')).ok).toBe(true);
    for (const size of [
      '012',
      '00',
      '-1',
      '+1',
      ' 1',
      '1 ',
      '1.0',
      '1e3',
      '0x10',
      '9007199254740992',
      '',
      '１',
    ]) {
      expect(parseCheckpoint(body(size))).toMatchObject({ ok: false, reason: 'malformed-checkpoint' });
    }
    const short = ROOT.subarray(0, 31).toString('base64');
    const nonCanonical = ROOT_B64.slice(0, 42) + String.fromCharCode(ROOT_B64.charCodeAt(42) + 1) + '=';
    for (const root of [
      short,
      ROOT_B64.slice(0, -1),
      ROOT.toString('base64url'),
      nonCanonical,
      ROOT.toString('hex'),
    ]) {
      expect(parseCheckpoint(body('2', root)).ok).toBe(false);
    }
  });

  it('rejects malformed bodies as values', () => {
    const bad: unknown[] = [
      '',
      'o\n2\n',
      `o\n2\n${ROOT_B64}`,
      `\n2\n${ROOT_B64}\n`,
      `o\n2\n${ROOT_B64}\n\n`,
      `o\n2\n${ROOT_B64}\n\nsig\n`,
      `o\u0000\n2\n${ROOT_B64}\n`,
      undefined,
      42,
    ];
    for (const text of bad)
      expect(parseCheckpoint(text)).toMatchObject({ ok: false, reason: 'malformed-checkpoint' });
    fc.assert(fc.property(fc.string(), (s) => expect(parseCheckpoint(s).ok).toBe(false)));
  });

  it('refuses to format what it could not parse back', () => {
    expect(() => formatCheckpoint({ origin: 'has space', size: 1, rootHash: ROOT })).toThrow(TypeError);
    expect(() => formatCheckpoint({ origin: '', size: 1, rootHash: ROOT })).toThrow(TypeError);
    expect(() => formatCheckpoint({ origin: 'o', size: -1, rootHash: ROOT })).toThrow(RangeError);
    expect(() => formatCheckpoint({ origin: 'o', size: 1.5, rootHash: ROOT })).toThrow(RangeError);
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: ROOT.subarray(1) })).toThrow(RangeError);
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: ROOT, extensions: [''] })).toThrow(
      TypeError,
    );
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: ROOT, extensions: ['a\nb'] })).toThrow(
      TypeError,
    );
  });
});

describe('signed checkpoints', () => {
  const keys = generateNoteKeys('quorate.example/log');
  const checkpoint = { origin: 'quorate.example/log', size: 2, rootHash: ROOT };
  const note = signCheckpoint(checkpoint, keys.signer);

  it('is a C2SP signed note over the checkpoint body', () => {
    expect(note).toMatch(
      new RegExp(
        `^quorate\\.example/log\\n2\\n${ROOT_B64.replace(/[+/]/g, '\\$&')}\\n\\n\u2014 quorate\\.example/log [A-Za-z0-9+/]{91}=\\n$`,
      ),
    );
  });

  it('verifies and parses', () => {
    expect(verifyCheckpoint(note, keys.verifierKey)).toEqual({
      ok: true,
      value: { ...checkpoint, extensions: [] },
    });
  });

  it('fails after any change to any character, or with another key', () => {
    const passed: number[] = [];
    for (let i = 0; i < note.length; i++) {
      const changed = note.slice(0, i) + String.fromCharCode(note.charCodeAt(i) ^ 1) + note.slice(i + 1);
      if (verifyCheckpoint(changed, keys.verifierKey).ok) passed.push(i);
    }
    expect(passed).toEqual([]);
    expect(verifyCheckpoint(note, generateNoteKeys('quorate.example/log').verifierKey).ok).toBe(false);
  });

  it('fails a validly signed note whose text is not a checkpoint', () => {
    const signed = signNote('just some text\n', keys.signer);
    expect(verifyCheckpoint(signed, keys.verifierKey)).toMatchObject({
      ok: false,
      reason: 'malformed-checkpoint',
    });
  });
});
