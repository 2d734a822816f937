import type { Finding, RuleSet } from '@app/domain';

/** What the pool sends a rule thread: one run of a rule set over one piece of content. */
export interface RuleThreadRequest {
  id: number;
  content: Uint8Array;
  mediaType: string;
  ruleSet: RuleSet;
}

/** What a rule thread answers: `ready` once after loading, then one reply per request. */
export type RuleThreadMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; findings: Finding[] }
  | { type: 'failure'; id: number; error: string };

/**
 * Content that starts with these bytes makes a rule thread started with `testHooks` wait forever
 * instead of running the rules: a run that provably never finishes, so that tests of the time bound
 * do not depend on how fast the machine is. Threads get `testHooks` only when NODE_ENV is "test".
 */
export const RULE_THREAD_HOLD_MARKER = 'QUORATE-TEST-HOLD-RULE-THREAD';

/** The workerData a rule thread reads (besides what its loader needs). */
export interface RuleThreadData {
  testHooks?: boolean;
}
