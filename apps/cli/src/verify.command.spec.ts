import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assetSubject,
  createBundle,
  generateNoteKeys,
  inclusionProof,
  InMemorySubtreeHashSource,
  leafHash,
  LedgerEventKind,
  ledgerEventStatement,
  signCheckpoint,
  signEnvelope,
  verifyBundle,
} from '@app/domain';
import type { GeneratedNoteKeys, ProvenanceBundle } from '@app/domain';
import {
  ASSET_BYTES,
  ASSET_ID,
  ASSET_SHA256,
  demoLog,
} from '../../../libs/domain/src/provenance/testing/demo-log';
import { readVerifierKey, requiredKindsFor, runVerify } from './verify.command';

/** A version of an auto-mode class: validation approved it, nobody voted, it was released. */
function autoBundle(keys: GeneratedNoteKeys, signedBy: GeneratedNoteKeys = keys): ProvenanceBundle {
  const subject = [assetSubject(ASSET_ID, 1, ASSET_SHA256)];
  const kinds: [string, Record<string, unknown>][] = [
    [LedgerEventKind.Submitted, { provenance: { model: 'm-1' } }],
    [LedgerEventKind.Validated, { findings: [], status: 'approved' }],
    [LedgerEventKind.Released, {}],
  ];
  const entries = kinds.map(([kind, data], i) => {
    const statement = ledgerEventStatement(subject, {
      kind,
      at: '2025-01-02T03:04:05.000Z',
      assetId: ASSET_ID,
      versionNumber: 1,
      actor: { type: 'system', id: 'test' },
      data,
    });
    // The validation statement may come from another key, to show it is then not trusted.
    const signer = i === 1 ? signedBy : keys;
    return signEnvelope(statement, { privateKey: signer.signer.privateKey }).bytes;
  });
  const source = new InMemorySubtreeHashSource(entries.map((e) => leafHash(e)));
  return createBundle({
    assetId: ASSET_ID,
    versionNumber: 1,
    contentSha256: ASSET_SHA256,
    checkpoint: signCheckpoint(
      { origin: keys.signer.name, size: 3, rootHash: source.hash(0, 3) },
      keys.signer,
    ),
    entries: entries.map((envelope, index) => ({
      index,
      envelope,
      inclusionProof: inclusionProof(index, 3, source),
    })),
  });
}

describe('quorate verify', () => {
  const keys = generateNoteKeys('quorate.test/log');

  it('needs no decision when the signed validation statement approved the version (auto mode)', () => {
    const bundle = autoBundle(keys);
    const required = requiredKindsFor(bundle, keys.verifierKey);
    expect(required.kinds).not.toContain(LedgerEventKind.DecisionClosed);
    expect(verifyBundle(bundle, keys.verifierKey, ASSET_BYTES, { requiredKinds: required.kinds }).ok).toBe(
      true,
    );
  });

  it('ignores an approval that the log key did not sign', () => {
    const bundle = autoBundle(keys, generateNoteKeys('quorate.test/log'));
    const required = requiredKindsFor(bundle, keys.verifierKey);
    expect(required.kinds).toContain(LedgerEventKind.DecisionClosed);
    expect(verifyBundle(bundle, keys.verifierKey, ASSET_BYTES, { requiredKinds: required.kinds }).ok).toBe(
      false,
    );
  });

  it('requires the decision of a reviewed version, so stripping it fails', () => {
    const log = demoLog();
    const bundle = log.bundleFor(log.assetIndexes);
    const required = requiredKindsFor(bundle, log.keys.verifierKey);
    expect(required.kinds).toContain(LedgerEventKind.DecisionClosed);
    expect(
      verifyBundle(bundle, log.keys.verifierKey, ASSET_BYTES, { requiredKinds: required.kinds }).ok,
    ).toBe(true);

    const decision = log.assetIndexes[4]; // the decision.closed entry of the demo log
    const stripped = log.bundleFor(log.assetIndexes.filter((i) => i !== decision));
    const report = verifyBundle(stripped, log.keys.verifierKey, ASSET_BYTES, {
      requiredKinds: requiredKindsFor(stripped, log.keys.verifierKey).kinds,
    });
    expect(report.checks.find((c) => c.name === 'statements.kinds')).toMatchObject({ ok: false });
  });

  describe('from files', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'quorate-verify-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, content: string | Buffer) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };

    it('takes the key as text or from a file', () => {
      expect(readVerifierKey(keys.verifierKey)).toBe(keys.verifierKey);
      expect(readVerifierKey(file('vkey', `${keys.verifierKey}\n`))).toBe(keys.verifierKey);
    });

    it('exits 0 with a report of every check, and 1 naming what failed', () => {
      const lines: string[] = [];
      const print = (line: string) => lines.push(line);
      const bundlePath = file('bundle.json', JSON.stringify(autoBundle(keys)));
      expect(runVerify(bundlePath, { key: keys.verifierKey, asset: file('a', ASSET_BYTES) }, print)).toBe(0);
      expect(lines.join('\n')).toMatch(/ok +asset\.sha256[\s\S]*VERIFIED/);

      lines.length = 0;
      const forged = file('forged', Buffer.concat([ASSET_BYTES, Buffer.from('!')]));
      expect(runVerify(bundlePath, { key: keys.verifierKey, asset: forged }, print)).toBe(1);
      expect(lines.join('\n')).toMatch(
        /FAIL +asset\.sha256[\s\S]*FAILED: 1 of \d+ checks failed: asset\.sha256/,
      );

      lines.length = 0;
      expect(runVerify(file('junk.json', '{not json'), { key: keys.verifierKey }, print)).toBe(1);
      expect(lines.join('\n')).toMatch(/FAIL +bundle\.format/);
      expect(runVerify(join(dir, 'missing.json'), { key: keys.verifierKey }, print)).toBe(1);
    });
  });
});
