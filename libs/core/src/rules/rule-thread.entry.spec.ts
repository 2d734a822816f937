import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { Env } from '@app/config';
import { RulePool } from './rule-pool.service';
import { ruleThreadEntry } from './rule-thread.entry';

// A cache that cannot be written (a read-only checkout, say): threads must still start, through ts-node.
jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  return {
    ...actual,
    existsSync: (file: string) => !String(file).endsWith('complete') && actual.existsSync(file),
    writeFileSync: () => {
      throw new Error('read-only file system');
    },
  };
});

describe('ruleThreadEntry from source', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('falls back to registering ts-node inside the thread when the transpiled cache cannot be written', async () => {
    const entry = ruleThreadEntry();
    expect(entry.compilesTypeScript).toBe(true);
    expect(entry.options.eval).toBe(true);

    const values = { RULE_THREADS: 1, RULE_TIMEOUT_MS: 5000, RULE_THREAD_MEMORY_MB: 128 };
    const pool = new RulePool({ get: (key: keyof typeof values) => values[key] } as unknown as ConfigService<
      Env,
      true
    >);
    try {
      const run = await pool.run(Buffer.from('Pure synergy.'), 'text/plain', {
        rules: [{ id: 'no-buzz', kind: 'banned-term', severity: 'error', terms: [{ term: 'synergy' }] }],
      });
      expect(run).toMatchObject({ outcome: 'completed', findings: [{ ruleId: 'no-buzz' }] });
    } finally {
      await pool.onApplicationShutdown();
    }
  });
});
