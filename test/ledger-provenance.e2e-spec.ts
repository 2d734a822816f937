import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBase64, encodeBase64, generateNoteKeys, parseVerifierKey, verifyEnvelope } from '@app/domain';
import { DirectoryService } from '../libs/core/src/identity/directory.service';
import { sha256, settled, submit, textAsset } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { runVerify } from '../apps/cli/src/verify.command';
import { CliRun, runCli } from './support/ledger-cli';
import { bearer, createPerson, Person } from './support/people';

// `verify` must need nothing but files: point every service setting at nothing.
const OFFLINE = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1' };

describe('provenance bundles', () => {
  let q: Quorate;
  let reviewer: Person;
  let dir: string;
  let vkey: string;
  let assetId: string;
  let bundle: any;
  const text = 'Autumn sale: every notebook 15% off.\n';
  const provenance = {
    generator: 'campaign-writer',
    model: 'copy-model-7',
    promptSha256: sha256('Write an autumn sale line'),
    parameters: { temperature: 0.4 },
    parent: 'brief-2025-09',
  };

  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const verify = (bundlePath: string, ...extra: string[]): Promise<CliRun> =>
    runCli(['verify', bundlePath, '--key', file('ledger.vkey', `${vkey}\n`), ...extra], OFFLINE);
  // The command's own code, run in this process: the many tampering cases need not each start Node.
  const verifyHere = (bundlePath: string, _asset?: '--asset', assetPath?: string): Promise<CliRun> => {
    const lines: string[] = [];
    const code = runVerify(
      bundlePath,
      { key: file('ledger.vkey', `${vkey}\n`), asset: assetPath },
      (l: string) => lines.push(l),
    );
    return Promise.resolve({ code, stdout: lines.join('\n'), stderr: '' });
  };
  const statements = (b: any) =>
    b.entries.map((e: { envelope: string }) => {
      const opened = verifyEnvelope(decodeBase64(e.envelope)!, keyOf(vkey));
      if (!opened.ok) throw new Error(opened.detail);
      return opened.value.statement.predicate as any;
    });

  beforeAll(async () => {
    q = await startQuorate();
    dir = mkdtempSync(join(tmpdir(), 'quorate-bundle-'));
    reviewer = await createPerson(q, 'reviewer');
    vkey = (await q.http.get('/v1/ledger/key').expect(200)).text.trim();
    assetId = await submit(q.http, q.demo.botKey, textAsset(text, { provenance }));
    expect((await settled(q.http, q.demo.botKey, assetId)).status).toBe('released');
    bundle = (
      await q.http.get(`/v1/assets/${assetId}/versions/1/provenance`).set(bearer(q.demo.botKey)).expect(200)
    ).body;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await q.close();
  });

  it('holds the content hash, the declared provenance and the validation result, as signed statements', () => {
    expect(bundle).toMatchObject({ version: 1, assetId, versionNumber: 1, contentSha256: sha256(text) });
    const events = statements(bundle);
    expect(events.map((e: { kind: string }) => e.kind)).toEqual([
      'version.submitted',
      'version.validated',
      'version.released',
    ]);
    expect(events[0].data.provenance).toEqual(provenance);
    expect(events[1].data).toMatchObject({ findings: [], status: 'approved', contentSha256: sha256(text) });
    // Each entry names the previous entry about the same asset.
    expect(events.map((e: { previousIndex: number | null }) => e.previousIndex)).toEqual([
      null,
      bundle.entries[0].index,
      bundle.entries[1].index,
    ]);
  });

  it('is served to the submitting bot and to people, and to nobody else', async () => {
    const url = `/v1/assets/${assetId}/versions/1/provenance`;
    await q.http.get(url).expect(401);
    await q.http.get(url).set(bearer(reviewer.accessToken)).expect(200);
    const other = await q.api
      .get(DirectoryService)
      .createApiKey(
        { type: 'system', id: 'test' },
        { name: 'other-bot', ownerEmail: 'admin@quorate.local', classKeys: ['demo'] },
      );
    await q.http.get(url).set(bearer(other.key)).expect(404);
    await q.http.get(`/v1/assets/${assetId}/versions/2/provenance`).set(bearer(q.demo.botKey)).expect(404);
    await q.http.get(`/v1/assets/${assetId}/versions/0/provenance`).set(bearer(q.demo.botKey)).expect(400);
    await q.http
      .get(`/v1/assets/${assetId}/versions/99999999999/provenance`)
      .set(bearer(q.demo.botKey))
      .expect(400);
  });

  it('verifies offline with only the public key, as a file or as text', async () => {
    const path = file('bundle.json', JSON.stringify(bundle));
    const ok = await verify(path, '--asset', file('asset.txt', text));
    expect(ok.stdout).toContain('VERIFIED');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/ok +asset\.sha256/);
    expect(ok.stdout).toMatch(
      /Required statements: version\.submitted, version\.validated, version\.released/,
    );

    const withKeyText = await runCli(['verify', path, '--key', vkey], OFFLINE);
    expect([withKeyText.code, withKeyText.stdout]).toEqual([0, expect.stringContaining('VERIFIED')]);
  }, 120_000);

  it('fails, naming the check, when one byte of the asset, an entry or the checkpoint changes', async () => {
    const runs: [string, () => Promise<CliRun>][] = [];
    const assetPath = file('asset.txt', text);
    runs.push([
      'asset.sha256',
      () =>
        verifyHere(
          file('bundle.json', JSON.stringify(bundle)),
          '--asset',
          file('forged-asset.txt', text.replace('15', '16')),
        ),
    ]);
    bundle.entries.forEach((_: unknown, i: number) => {
      const forged = structuredClone(bundle);
      const bytes = decodeBase64(forged.entries[i].envelope)!;
      bytes[Math.floor(bytes.length / 2)] ^= 0x01;
      forged.entries[i].envelope = encodeBase64(bytes);
      runs.push([
        `entries[${i}].leaf-hash`,
        () => verifyHere(file(`forged-entry-${i}.json`, JSON.stringify(forged)), '--asset', assetPath),
      ]);
    });
    const note: string = bundle.checkpoint;
    const at = note.indexOf('\n') + 1; // the first digit of the tree size
    const forgedNote = note.slice(0, at) + String((Number(note[at]) + 1) % 10) + note.slice(at + 1);
    runs.push([
      'checkpoint.signature',
      () =>
        verifyHere(
          file('forged-checkpoint.json', JSON.stringify({ ...bundle, checkpoint: forgedNote })),
          '--asset',
          assetPath,
        ),
    ]);
    const stripped = { ...bundle, entries: bundle.entries.filter((_: unknown, i: number) => i !== 2) };
    runs.push([
      'statements.kinds',
      () => verifyHere(file('stripped.json', JSON.stringify(stripped)), '--asset', assetPath),
    ]);

    const results: CliRun[] = [];
    for (let i = 0; i < runs.length; i += 3) {
      results.push(...(await Promise.all(runs.slice(i, i + 3).map(([, run]) => run()))));
    }
    for (const [i, [check]] of runs.entries()) {
      const result = results[i];
      expect([check, result.code]).toEqual([check, 1]);
      expect(result.stdout).toMatch(new RegExp(`FAIL +${check.replace(/[[\].]/g, '\\$&')}`));
      expect(result.stdout).toContain('FAILED');
    }
  }, 240_000);

  it('fails against another key', async () => {
    // Same name, different key: a log impersonating this one.
    const other = generateNoteKeys('quorate.local/ledger').verifierKey;
    const result = await runCli(
      ['verify', file('bundle.json', JSON.stringify(bundle)), '--key', other],
      OFFLINE,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL +checkpoint\.signature +no-signature-from-key/);
  });
});

function keyOf(vkey: string): Buffer {
  const parsed = parseVerifierKey(vkey);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.value.rawPublicKey;
}
