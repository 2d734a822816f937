import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnv } from '@app/config';
import { initSecrets } from './init-secrets.command';

const NAMES = ['JWT_SECRET', 'WEBHOOK_SECRET', 'METRICS_TOKEN', 'LEDGER_SIGNING_KEY'];

describe('quorate init-secrets', () => {
  let dir: string;
  let printed: string[];
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'quorate-init-')), 'secrets');
    printed = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  const contents = () => Object.fromEntries(NAMES.map((n) => [n, readFileSync(join(dir, n), 'utf8')]));

  it('writes secrets a production deployment accepts through <NAME>_FILE, readable by its owner only', () => {
    initSecrets({ dir, origin: 'compose.example/ledger' });
    const env = validateEnv({
      NODE_ENV: 'production',
      ...Object.fromEntries(NAMES.map((n) => [`${n}_FILE`, join(dir, n)])),
    });
    expect(env.LEDGER_ORIGIN).toBe('compose.example/ledger');
    expect(env.JWT_SECRET).not.toBe(env.WEBHOOK_SECRET);
    for (const n of NAMES) expect(statSync(join(dir, n)).mode & 0o077).toBe(0);
  });

  it('makes no file for a secret given in the environment', () => {
    process.env.WEBHOOK_SECRET = 'w'.repeat(40);
    try {
      initSecrets({ dir });
    } finally {
      delete process.env.WEBHOOK_SECRET;
    }
    expect(existsSync(join(dir, 'WEBHOOK_SECRET'))).toBe(false);
    expect(existsSync(join(dir, 'JWT_SECRET'))).toBe(true);
    expect(printed).toContain('WEBHOOK_SECRET: given in the environment, no file needed');
  });

  it('keeps the secrets of an earlier run and prints no secret', () => {
    initSecrets({ dir });
    const first = contents();
    initSecrets({ dir });
    expect(contents()).toEqual(first);
    expect(printed.filter((l) => l.endsWith('kept the existing one'))).toHaveLength(NAMES.length);
    for (const value of Object.values(first)) {
      expect(printed.join('\n')).not.toContain(value.trim());
    }
    expect(printed.join('\n')).toMatch(/Ledger verifier key \(publish it\): quorate\.local\/ledger\+/);
  });
});
