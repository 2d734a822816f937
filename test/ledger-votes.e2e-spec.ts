import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runVerify } from '../apps/cli/src/verify.command';
import { settled } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { bearer, createPerson } from './support/people';
import { openReview, quickPeople, quorumClass, vote } from './support/quorum';

describe('the provenance bundle of a reviewed version', () => {
  let q: Quorate;
  let bundle: { entries: { envelope: string }[] };
  let vkey: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'quorate-votes-'));

  const verify = (content: unknown): { code: number; output: string } => {
    const file = path.join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(content));
    const lines: string[] = [];
    const code = runVerify(file, { key: vkey }, (line: string) => lines.push(line));
    return { code, output: lines.join('\n') };
  };

  const kindOf = (entry: { envelope: string }): string => {
    const envelope = JSON.parse(Buffer.from(entry.envelope, 'base64').toString('utf8'));
    return JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')).predicate.kind;
  };

  beforeAll(async () => {
    q = await startQuorate();
    const admin = await createPerson(q, 'admin');
    const [a, b, c] = await quickPeople(q, 3);
    const cls = await quorumClass(q, admin, {
      policy: { quorumBps: 10000 },
      weights: [
        [a, 1],
        [b, 1],
        [c, 1],
      ],
    });
    const { assetId, decisionId } = await openReview(q, cls);
    await vote(q, a, decisionId, 'approve');
    await vote(q, b, decisionId, 'reject', 'off-brand tone');
    await vote(q, b, decisionId, 'approve');
    expect((await vote(q, c, decisionId, 'approve')).body.state).toBe('approved');
    await settled(q.http, cls.botKey, assetId);
    vkey = (await q.http.get('/v1/ledger/key').expect(200)).text.trim();
    bundle = (
      await q.http.get(`/v1/assets/${assetId}/versions/1/provenance`).set(bearer(cls.botKey)).expect(200)
    ).body;
  });
  afterAll(() => q.close());

  it('holds every vote, the decision and the release, and verifies offline', () => {
    const kinds = bundle.entries.map(kindOf);
    expect(kinds.filter((k) => k === 'vote.cast')).toHaveLength(4);
    expect(kinds).toEqual(expect.arrayContaining(['decision.opened', 'decision.closed', 'version.released']));
    const { code, output } = verify(bundle);
    expect(output).toMatch(/ok\s+votes\s+all 4 vote entries/);
    expect(code).toBe(0);
  });

  it('fails when any one vote is left out, and says so', () => {
    const votes = bundle.entries.map((e, i) => [kindOf(e), i] as const).filter(([k]) => k === 'vote.cast');
    for (const [, i] of votes) {
      const { code, output } = verify({ ...bundle, entries: bundle.entries.filter((_, j) => j !== i) });
      expect(code).toBe(1);
      expect(output).toMatch(/FAIL\s+votes\s+the decision counted vote entries missing from the bundle/);
    }
  });
});
