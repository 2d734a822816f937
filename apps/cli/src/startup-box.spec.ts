import { box, startupLines } from './startup-box';

const demo = {
  adminEmail: 'admin@quorate.local',
  adminPassword: 'pw-correct-horse-battery',
  botKey: 'qk_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  classKey: 'demo',
};

describe('start-up box', () => {
  it('frames every line at one width, wide characters counted once', () => {
    const framed = box(['short', 'a longer line — with a dash', '']).split('\n');
    expect(framed).toEqual([
      '┌─────────────────────────────┐',
      '│ short                       │',
      '│ a longer line — with a dash │',
      '│                             │',
      '└─────────────────────────────┘',
    ]);
  });

  it('shows where Quorate runs, the demo admin, the bot key and a curl that uses them', () => {
    const lines = startupLines({
      baseUrl: 'http://localhost:3100',
      demo,
      verifierKey: 'quorate.local/ledger+1+AA',
    });
    const text = lines.join('\n');
    expect(lines[0]).toBe(
      'Quorate is running at http://localhost:3100  (API docs: http://localhost:3100/docs)',
    );
    expect(text).toContain('Ledger verifier key: quorate.local/ledger+1+AA');
    expect(text).toContain('admin@quorate.local / pw-correct-horse-battery');
    expect(text).toContain(`Bot key: ${demo.botKey}`);
    expect(text).toContain('curl -s -X POST http://localhost:3100/v1/assets');
    expect(text).toContain(`-H 'Authorization: Bearer ${demo.botKey}'`);
    expect(text).toContain('"classKey":"demo"');
  });

  it('runs as printed: the curl line submits the text with its SHA-256', () => {
    const lines = startupLines({ baseUrl: 'http://localhost:3100', demo });
    const shell = lines.slice(lines.indexOf('Submit a text asset:') + 1).map((l) => l.trim());
    expect(shell[0]).toBe(`TEXT='Hello from a bot'; SHA=$(printf %s "$TEXT" | sha256sum | cut -d' ' -f1)`);
    expect(shell[shell.length - 1]).toBe(
      `-d '{"classKey":"demo","title":"Hello","mediaType":"text/plain","text":"'"$TEXT"'","sha256":"'"$SHA"'"}'`,
    );
  });

  it('says a secret was shown earlier instead of printing nothing, and never repeats it', () => {
    const text = startupLines({ baseUrl: 'http://x', demo: { adminEmail: 'a@b.c', classKey: 'demo' } }).join(
      '\n',
    );
    expect(text).toContain('Admin:   a@b.c (created earlier; its password was shown then)');
    expect(text).toContain('Bot key: created earlier; it was shown then');
    expect(text).not.toContain('curl');
  });

  it('without demo data shows where it runs only', () => {
    expect(startupLines({ baseUrl: 'http://x' })).toEqual([
      'Quorate is running at http://x  (API docs: http://x/docs)',
    ]);
  });
});
