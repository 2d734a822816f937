import fc from 'fast-check';
import { generateNoteKeys, inclusionProof, leafHash } from '../ledger';
import { BundleReport, ProvenanceBundle, verifyBundle } from './bundle';
import { signEnvelope } from './dsse';
import { assetSubject, LedgerEventKind, ledgerEventStatement } from './statement';
import { ASSET_BYTES, ASSET_ID, ASSET_SHA256, demoLog, ORIGIN } from './testing/demo-log';

const log = demoLog();
const VKEY = log.keys.verifierKey;
const bundle = log.bundleFor(log.assetIndexes);

const failing = (r: BundleReport): string[] => r.checks.filter((c) => !c.ok).map((c) => c.name);
const copy = (b: ProvenanceBundle): ProvenanceBundle => JSON.parse(JSON.stringify(b));
const withEntry = (b: ProvenanceBundle, i: number, change: Partial<ProvenanceBundle['entries'][number]>) => ({
  ...b,
  entries: b.entries.map((e, k) => (k === i ? { ...e, ...change } : e)),
});
// An entry that fails any check no longer counts towards the required kinds, so that check may fail
// alongside; these helpers assert the named check failed and nothing unrelated did.
const onlyFails = (r: BundleReport, names: string[]): boolean => {
  const got = failing(r);
  return (
    names.every((n) => got.includes(n)) && got.every((n) => names.includes(n) || n === 'statements.kinds')
  );
};
const flipChar = (s: string, at: number, alphabet: string): string => {
  const next = alphabet[(alphabet.indexOf(s[at]) + 1) % alphabet.length];
  return s.slice(0, at) + next + s.slice(at + 1);
};

describe('provenance bundles', () => {
  it('verifies a genuine bundle, with and without the asset bytes', () => {
    const report = verifyBundle(bundle, VKEY, ASSET_BYTES);
    expect(failing(report)).toEqual([]);
    expect(report.ok).toBe(true);
    const names = report.checks.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'verifier-key',
        'bundle.format',
        'asset.sha256',
        'checkpoint.signature',
        'entries.order',
        'statements.kinds',
        ...bundle.entries.flatMap((_, i) =>
          ['leaf-hash', 'inclusion', 'signature', 'subject'].map((c) => `entries[${i}].${c}`),
        ),
      ]),
    );
    expect(verifyBundle(bundle, VKEY).ok).toBe(true);
    expect(verifyBundle(bundle, VKEY).checks.map((c) => c.name)).not.toContain('asset.sha256');
  });

  it('verifies the bundle as exported JSON text or bytes', () => {
    const json = JSON.stringify(bundle);
    expect(verifyBundle(json, VKEY, ASSET_BYTES).ok).toBe(true);
    expect(verifyBundle(Buffer.from(json), VKEY, ASSET_BYTES).ok).toBe(true);
  });

  it('fails on any changed byte of the asset', () => {
    for (let i = 0; i < ASSET_BYTES.length; i++) {
      const changed = Buffer.from(ASSET_BYTES);
      changed[i] ^= 0x04;
      expect(failing(verifyBundle(bundle, VKEY, changed))).toEqual(['asset.sha256']);
    }
    expect(failing(verifyBundle(bundle, VKEY, ASSET_BYTES.subarray(1)))).toEqual(['asset.sha256']);
  });

  it('fails on any changed byte of an entry, naming that entry', () => {
    const problems: string[] = [];
    bundle.entries.forEach((entry, i) => {
      const bytes = Buffer.from(entry.envelope, 'base64');
      // Every byte of one entry, a spread of bytes of the others.
      const positions = i === 2 ? bytes.map((_, k) => k) : [0, bytes.length >> 1, bytes.length - 1];
      for (const k of positions) {
        const changed = Buffer.from(bytes);
        changed[k] ^= 0x01;
        const names = failing(
          verifyBundle(withEntry(bundle, i, { envelope: changed.toString('base64') }), VKEY),
        );
        const local = names.every((n) => n.startsWith(`entries[${i}].`) || n === 'statements.kinds');
        if (
          !names.includes(`entries[${i}].leaf-hash`) ||
          !names.includes(`entries[${i}].inclusion`) ||
          !local
        ) {
          problems.push(`entry ${i} byte ${k}: ${names.join(', ')}`);
        }
      }
    });
    expect(problems).toEqual([]);
  });

  it('fails on a changed leaf hash or log index', () => {
    const leaf = bundle.entries[1].leafHash;
    expect(
      failing(verifyBundle(withEntry(bundle, 1, { leafHash: flipChar(leaf, 5, '0123456789abcdef') }), VKEY)),
    ).toEqual(['entries[1].leaf-hash']);
    const index = bundle.entries[1].index;
    for (const wrong of [index - 1, index + 1, index + 64]) {
      const names = failing(verifyBundle(withEntry(bundle, 1, { index: wrong }), VKEY));
      expect(names).toContain('entries[1].inclusion');
    }
  });

  it('fails on any changed character of the checkpoint', () => {
    const problems: number[] = [];
    for (let i = 0; i < bundle.checkpoint.length; i++) {
      const cp = bundle.checkpoint;
      const changed = cp.slice(0, i) + String.fromCharCode(cp.charCodeAt(i) ^ 0x02) + cp.slice(i + 1);
      const names = failing(verifyBundle({ ...bundle, checkpoint: changed }, VKEY));
      const unrelated = names.filter(
        (n) => n !== 'checkpoint.signature' && n !== 'statements.kinds' && !n.endsWith('.inclusion'),
      );
      if (!names.includes('checkpoint.signature') || unrelated.length > 0) problems.push(i);
    }
    expect(problems).toEqual([]);
  });

  it('fails on any changed digit of any inclusion proof', () => {
    const problems: string[] = [];
    bundle.entries.forEach((entry, i) => {
      entry.inclusionProof.forEach((hash, e) => {
        for (let d = 0; d < hash.length; d += 7) {
          const proof = entry.inclusionProof.map((h, k) =>
            k === e ? flipChar(h, d, '0123456789abcdef') : h,
          );
          const report = verifyBundle(withEntry(bundle, i, { inclusionProof: proof }), VKEY);
          if (!onlyFails(report, [`entries[${i}].inclusion`]))
            problems.push(`${i}/${e}/${d}: ${failing(report).join()}`);
        }
      });
      const truncated = withEntry(bundle, i, { inclusionProof: entry.inclusionProof.slice(1) });
      if (!onlyFails(verifyBundle(truncated, VKEY), [`entries[${i}].inclusion`]))
        problems.push(`${i} truncated`);
      const extended = withEntry(bundle, i, { inclusionProof: [...entry.inclusionProof, entry.leafHash] });
      if (!onlyFails(verifyBundle(extended, VKEY), [`entries[${i}].inclusion`]))
        problems.push(`${i} extended`);
    });
    expect(problems).toEqual([]);
  });

  it('fails with another log key of the same name', () => {
    const names = failing(verifyBundle(bundle, generateNoteKeys(ORIGIN).verifierKey));
    expect(names).toContain('checkpoint.signature');
    bundle.entries.forEach((_, i) => expect(names).toContain(`entries[${i}].signature`));
  });

  it('binds the statements to the asset: another hash, asset or version fails every subject', () => {
    const otherBytes = Buffer.from('a different asset');
    const otherSha = ASSET_SHA256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const cases: [ProvenanceBundle, Buffer | undefined][] = [
      [{ ...bundle, contentSha256: otherSha }, undefined],
      [{ ...bundle, assetId: 'someone-else' }, ASSET_BYTES],
      [{ ...bundle, versionNumber: 1 }, ASSET_BYTES],
    ];
    for (const [b, bytes] of cases) {
      const names = failing(verifyBundle(b, VKEY, bytes ?? otherBytes));
      b.entries.forEach((_, i) => expect(names).toContain(`entries[${i}].subject`));
      expect(names).toContain('statements.kinds');
    }
  });

  it('fails when an entry about another asset is slipped in', () => {
    const foreign = log.bundleFor([0, ...log.assetIndexes]);
    expect(failing(verifyBundle(foreign, VKEY))).toEqual(['entries[0].subject']);
  });

  it('fails when a required kind is missing, unless the caller asks for less', () => {
    const noDecision = log.bundleFor(log.assetIndexes.filter((_, k) => k !== 4));
    expect(failing(verifyBundle(noDecision, VKEY))).toEqual(['statements.kinds']);
    expect(verifyBundle(noDecision, VKEY, undefined, { requiredKinds: [LedgerEventKind.Submitted] }).ok).toBe(
      true,
    );
    const noRelease = log.bundleFor(log.assetIndexes.slice(0, -1));
    expect(verifyBundle(noRelease, VKEY).checks.find((c) => c.name === 'statements.kinds')?.detail).toContain(
      LedgerEventKind.Released,
    );
  });

  it('fails when entries are reordered or repeated', () => {
    const reordered = {
      ...bundle,
      entries: [bundle.entries[1], bundle.entries[0], ...bundle.entries.slice(2)],
    };
    expect(failing(verifyBundle(reordered, VKEY))).toEqual(['entries.order']);
    const repeated = {
      ...bundle,
      entries: [...bundle.entries.slice(0, 2), bundle.entries[1], ...bundle.entries.slice(2)],
    };
    expect(failing(verifyBundle(repeated, VKEY))).toEqual(['entries.order']);
  });

  it('fails when an entry is outside the checkpoint tree', () => {
    const size = log.assetIndexes[3] + 1;
    const older = log.bundleFor(log.assetIndexes, log.signedCheckpoint(size));
    const outside = older.entries.flatMap((e, i) => (e.index >= size ? [`entries[${i}].inclusion`] : []));
    expect(outside.length).toBe(2);
    expect(onlyFails(verifyBundle(older, VKEY), outside)).toBe(true);
  });

  it('fails a logged entry that the log key did not sign, or that comes after the release', () => {
    const stranger = generateNoteKeys('someone.else/log');
    const after = ledgerEventStatement([assetSubject(ASSET_ID, 2, ASSET_SHA256)], {
      kind: LedgerEventKind.VoteCast,
      at: '2025-01-03T00:00:00.000Z',
      assetId: ASSET_ID,
      versionNumber: 2,
      actor: { type: 'user', id: 'late' },
      data: {},
    });
    const sys = demoLog();
    const unsigned = sys.append(signEnvelope(after, { privateKey: stranger.signer.privateKey }).bytes);
    const late = sys.append(signEnvelope(after, { privateKey: sys.keys.signer.privateKey }).bytes);
    const cp = sys.signedCheckpoint();
    const k = sys.assetIndexes.length;
    expect(
      failing(verifyBundle(sys.bundleFor([...sys.assetIndexes, unsigned], cp), sys.keys.verifierKey)),
    ).toEqual([`entries[${k}].signature`, `entries[${k}].subject`]);
    expect(
      failing(verifyBundle(sys.bundleFor([...sys.assetIndexes, late], cp), sys.keys.verifierKey)),
    ).toEqual(['statements.kinds']);
    expect(verifyBundle(sys.bundleFor(sys.assetIndexes, cp), sys.keys.verifierKey).ok).toBe(true);
    expect(leafHash(sys.entries[late]).toString('hex')).toBe(sys.bundleFor([late], cp).entries[0].leafHash);
    expect(inclusionProof(late, late + 1, sys.source)).toHaveLength(
      sys.bundleFor([late], cp).entries[0].inclusionProof.length,
    );
  });

  it('names malformed parts instead of throwing', () => {
    const cases: [unknown, string][] = [
      [null, 'bundle.format'],
      ['not json', 'bundle.format'],
      [Uint8Array.of(0xff), 'bundle.format'],
      [[], 'bundle.format'],
      [{ ...bundle, version: 2 }, 'bundle.format'],
      [{ ...bundle, entries: [] }, 'bundle.format'],
      [{ ...bundle, entries: 'x' }, 'bundle.format'],
      [{ ...bundle, contentSha256: ASSET_SHA256.toUpperCase() }, 'bundle.format'],
      [{ ...bundle, versionNumber: '2' }, 'bundle.format'],
      [{ ...bundle, checkpoint: 42 }, 'bundle.format'],
      [{ ...bundle, checkpoint: 'garbage' }, 'checkpoint.signature'],
      [withEntry(bundle, 0, { index: -1 }), 'entries[0].format'],
      [withEntry(bundle, 0, { envelope: '!!!' }), 'entries[0].format'],
      [withEntry(bundle, 0, { leafHash: 'ab' }), 'entries[0].format'],
      [withEntry(bundle, 0, { inclusionProof: [42] as unknown as string[] }), 'entries[0].format'],
      [
        withEntry(bundle, 0, { inclusionProof: Array<string>(65).fill(bundle.entries[0].leafHash) }),
        'entries[0].format',
      ],
      [{ ...bundle, entries: [null, ...bundle.entries.slice(1)] }, 'entries[0].format'],
      [withEntry(bundle, 0, { envelope: Buffer.from('{}').toString('base64') }), 'entries[0].signature'],
    ];
    for (const [input, name] of cases) {
      const report = verifyBundle(input, VKEY);
      expect(report.ok).toBe(false);
      expect(failing(report)).toContain(name);
    }
    expect(failing(verifyBundle(bundle, 'not a key'))).toEqual(['verifier-key']);
    expect(failing(verifyBundle(bundle, VKEY, 'bytes' as unknown as Uint8Array))).toEqual(['asset.sha256']);
  });

  it('never throws, whatever it is given', () => {
    const json = JSON.stringify(bundle);
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        expect(verifyBundle(junk, VKEY).ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.nat(json.length - 1), fc.string({ maxLength: 3 }), (at, s) => {
        const mutated = json.slice(0, at) + s + json.slice(at + 1);
        fc.pre(mutated !== json);
        const report = verifyBundle(mutated, VKEY);
        expect(report.checks.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
    const b = copy(bundle);
    (b.entries as unknown[]).push({ index: 99, leafHash: {}, envelope: [], inclusionProof: {} });
    expect(failing(verifyBundle(b, VKEY))).toContain(`entries[${bundle.entries.length}].format`);
  });
});
