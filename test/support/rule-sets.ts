import type TestAgent from 'supertest/lib/agent';
import { AssetClassService } from '../../libs/core/src/assets/asset-class.service';
import type { Quorate } from './harness';
import { bearer } from './people';

/** Creates an asset class with a first policy, and lets the demo bot submit to it. */
export async function createClass(q: Quorate, key: string, mode: 'auto' | 'quorum' = 'auto'): Promise<void> {
  await q.api.get(AssetClassService).create(
    { type: 'system', id: 'test' },
    {
      key,
      name: `Class ${key}`,
      voterGroups: [],
      policy: {
        mode,
        quorumBps: 5000,
        approvalBps: 5000,
        minApprovers: 1,
        requiredGroups: [],
        vetoGroups: [],
        votingPeriodSeconds: 86_400,
        earlyDecision: false,
      },
    },
  );
  await q.db.query(
    `INSERT INTO bot_asset_classes (bot_id, class_id)
     SELECT b.id, c.id FROM bots b, asset_classes c WHERE b.name = 'demo-bot' AND c.key = $1`,
    [key],
  );
}

/** Creates a rule set through the API and points each class at it; returns its id. */
export async function createRuleSet(
  http: TestAgent,
  adminToken: string,
  body: { key: string; name?: string; rules: unknown[] },
  classKeys: string[] = [],
): Promise<string> {
  const created = await http
    .post('/v1/rule-sets')
    .set(bearer(adminToken))
    .send({ name: body.key, ...body })
    .expect(201);
  const id: string = created.body.id;
  for (const classKey of classKeys) {
    await http.put(`/v1/rule-sets/${id}/classes/${classKey}`).set(bearer(adminToken)).expect(200);
  }
  return id;
}

/** The brand rules the acceptance tests seed: one rule of each kind the issue names. */
export const BRAND_RULES = [
  {
    id: 'no-buzzwords',
    kind: 'banned-term',
    severity: 'error',
    terms: [{ term: 'synergy', suggestion: 'collaboration' }, { term: 'leverage' }],
  },
  { id: 'brand-names', kind: 'term-casing', severity: 'error', terms: ['Quorate'] },
  { id: 'disclaimer', kind: 'required-phrase', severity: 'error', phrase: 'Terms and conditions apply.' },
  { id: 'brand-colours', kind: 'palette', severity: 'error', colors: ['#1a2b3c', '#ffffff'] },
  { id: 'no-secrets', kind: 'secrets', severity: 'error' },
  { id: 'no-personal-data', kind: 'pii', severity: 'error', kinds: ['email'] },
];

/** Where the `occurrence`-th `needle` sits in `text`: 1-based line and column, as findings give them. */
export function at(
  text: string,
  needle: string,
  occurrence = 1,
): { line: number; column: number; length: number } {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  const before = text.slice(0, offset).split('\n');
  return {
    line: before.length,
    column: [...before[before.length - 1]].length + 1,
    length: [...needle].length,
  };
}
