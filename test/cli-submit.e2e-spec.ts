import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from './support/assets';
import { Quorate, startQuorate } from './support/harness';
import { runCli } from './support/ledger-cli';
import { bearer, createPerson } from './support/people';

// Each test starts the command line from TypeScript source, which takes seconds on a busy machine.
jest.setTimeout(180_000);

/** `quorate submit` from source, in a child process, against the real app over HTTP. */
describe('quorate submit', () => {
  let q: Quorate;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    q = await startQuorate();
    await q.api.listen(0, '127.0.0.1');
    url = await q.api.getUrl();
    dir = mkdtempSync(join(tmpdir(), 'quorate-submit-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await q.close();
  });

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('exits 0 when the version is released, having sent its hash and provenance', async () => {
    const path = file('launch.md', '# Spring launch\n\nFresh copy for spring.\n');
    const run = await runCli(
      ['submit', path, '--class', 'demo', '--wait', '--url', url, '--model', 'm-1', '--generator', 'g'],
      { QUORATE_API_KEY: q.demo.botKey },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Submitted [0-9a-f-]{36} v1 \(validating\)\nVerdict: released\n$/);
    const id = /Submitted (\S+)/.exec(run.stdout)?.[1];
    const version = await q.http.get(`/v1/assets/${id}/versions/1`).set(bearer(q.demo.botKey)).expect(200);
    expect(version.body).toMatchObject({
      mediaType: 'text/markdown',
      sha256: sha256('# Spring launch\n\nFresh copy for spring.\n'),
      provenance: { model: 'm-1', generator: 'g' },
    });
    expect(run.code).toBe(0);
  });

  it('exits 1 and prints the findings when validation fails', async () => {
    const text = 'Copy that legal has blocked';
    const admin = await createPerson(q, 'admin');
    await q.http
      .post('/v1/blocklist')
      .set(bearer(admin.accessToken))
      .send({ sha256: sha256(text), reason: 'Blocked for the test' })
      .expect(201);
    const run = await runCli(
      ['submit', file('blocked.txt', text), '--class', 'demo', '--wait', '--url', url],
      {
        QUORATE_API_KEY: q.demo.botKey,
      },
    );
    expect(run.stdout).toContain('Verdict: validation_failed');
    expect(run.stdout).toMatch(/ {2}error integrity\.blocklisted: /);
    expect(run.code).toBe(1);
  });

  it('exits 2 without a key', async () => {
    const run = await runCli(['submit', file('any.txt', 'anything'), '--class', 'demo', '--url', url]);
    expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining('QUORATE_API_KEY') });
  });

  it('exits 2 without --class', async () => {
    const run = await runCli(['submit', file('any.txt', 'anything'), '--url', url], {
      QUORATE_API_KEY: q.demo.botKey,
    });
    expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining('--class') });
  });

  it('exits 2 for a file it cannot read', async () => {
    const run = await runCli(['submit', join(dir, 'missing.txt'), '--class', 'demo', '--url', url], {
      QUORATE_API_KEY: q.demo.botKey,
    });
    expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read') });
  });

  it('exits 2 when the API cannot be reached', async () => {
    // A port nobody listens on: each connection is refused at once, and the retries give up.
    const run = await runCli(
      ['submit', file('any.txt', 'anything'), '--class', 'demo', '--url', 'http://127.0.0.1:9'],
      {
        QUORATE_API_KEY: q.demo.botKey,
      },
    );
    expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining('fetch failed') });
  });

  it('exits 2 when the API refuses the submission, printing its message', async () => {
    const run = await runCli(['submit', file('x.txt', 'x'), '--class', 'no-such-class', '--url', url], {
      QUORATE_API_KEY: q.demo.botKey,
    });
    expect(run.stderr).toMatch(/the API answered (403|404|422): /);
    expect(run.code).toBe(2);
  });
});
