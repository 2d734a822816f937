import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { Env } from '@app/config';
import { runRules, type RuleSet } from '@app/domain';
import { RulePool, RULE_RUN_IDS } from './rule-pool.service';
import { RULE_THREAD_HOLD_MARKER } from './rule-thread.protocol';
import { TransientError } from './transient-errors';

/* Runs real worker threads, on the rule engine transpiled once into node_modules/.cache. */
function pool(
  settings: Partial<Record<'RULE_THREADS' | 'RULE_TIMEOUT_MS' | 'RULE_THREAD_MEMORY_MB', number>>,
) {
  const values = {
    NODE_ENV: 'test',
    RULE_THREADS: 1,
    RULE_TIMEOUT_MS: 1000,
    RULE_THREAD_MEMORY_MB: 128,
    ...settings,
  };
  return new RulePool({ get: (key: keyof typeof values) => values[key] } as unknown as ConfigService<
    Env,
    true
  >);
}

const BANNED: RuleSet = {
  rules: [
    {
      id: 'no-buzz',
      kind: 'banned-term',
      severity: 'error',
      terms: [{ term: 'synergy', suggestion: 'teamwork' }],
    },
  ],
};

/** Content on which a thread started in NODE_ENV=test waits forever: a run that cannot finish. */
const NEVER_FINISHES = Buffer.from(`${RULE_THREAD_HOLD_MARKER} synergy`);

describe('RulePool', () => {
  const pools: RulePool[] = [];
  const make = (settings: Parameters<typeof pool>[0] = {}) => {
    const created = pool(settings);
    pools.push(created);
    return created;
  };
  // One pool for the tests that need no settings of their own: each new thread costs seconds here.
  let shared: RulePool;
  beforeAll(() => {
    Logger.overrideLogger(false);
    shared = make();
  });
  afterAll(() => Promise.all(pools.map((p) => p.onApplicationShutdown())));

  it('returns what the rule engine finds, computed in a thread', async () => {
    const content = Buffer.from('Real synergy,\nreal synergy.');
    const run = await shared.run(content, 'text/plain', BANNED);
    expect(run.outcome).toBe('completed');
    expect(run.findings).toEqual(runRules({ content, mediaType: 'text/plain', ruleSet: BANNED }));
    expect(run.findings).toHaveLength(2);
  });

  it('stops a run at its time bound with an error finding, then serves the next run with a new thread', async () => {
    const timed = make({ RULE_TIMEOUT_MS: 300 });
    // Let the thread start, so that the bound applies to the rules and not to loading them.
    await timed.run(Buffer.from('warm'), 'text/plain', BANNED);
    const started = Date.now();
    const run = await timed.run(NEVER_FINISHES, 'text/plain', BANNED);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run).toMatchObject({
      outcome: 'timed-out',
      findings: [{ ruleId: RULE_RUN_IDS.timeout, severity: 'error' }],
    });
    expect(run.durationMs).toBeGreaterThanOrEqual(300);
    const next = await timed.run(Buffer.from('synergy'), 'text/plain', BANNED);
    expect(next.outcome).toBe('completed');
    expect(next.findings).toHaveLength(1);
  });

  it('queues runs beyond its size and answers each', async () => {
    const runs = await Promise.all(
      Array.from({ length: 5 }, (_, i) => shared.run(Buffer.from(`synergy ${i}`), 'text/plain', BANNED)),
    );
    expect(runs.map((r) => r.findings.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('turns a rule set the engine cannot read into an error finding, not an exception', async () => {
    const run = await shared.run(Buffer.from('text'), 'text/plain', { rules: null } as unknown as RuleSet);
    expect(run.outcome).toBe('crashed');
    expect(run.findings).toEqual([
      expect.objectContaining({ ruleId: RULE_RUN_IDS.crashed, severity: 'error' }),
    ]);
  });

  it('runs the rules on marked content when the thread was not started for tests', async () => {
    const production = new RulePool({
      get: (key: string) =>
        ({ NODE_ENV: 'production', RULE_THREADS: 1, RULE_TIMEOUT_MS: 5000, RULE_THREAD_MEMORY_MB: 128 })[key],
    } as unknown as ConfigService<Env, true>);
    pools.push(production);
    const run = await production.run(NEVER_FINISHES, 'text/plain', BANNED);
    expect(run.outcome).toBe('completed');
    expect(run.findings).toHaveLength(1);
  });

  it('refuses work once shut down, as a transient failure for the queue to retry', async () => {
    const closed = make();
    await closed.onApplicationShutdown();
    await expect(closed.run(Buffer.from('x'), 'text/plain', BANNED)).rejects.toBeInstanceOf(TransientError);
  });
});
