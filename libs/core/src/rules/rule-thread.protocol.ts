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
