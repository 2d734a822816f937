import { decide } from '@app/domain';
import type { DecisionInput } from '@app/domain';
import { botDecisionView } from './bot-decision.view';
import type { DecisionView } from './decision.service';

const VETOER = '7c1d2b1e-0000-4000-8000-00000000000a';
const OTHER = '7c1d2b1e-0000-4000-8000-00000000000b';

function vetoed(): DecisionView {
  const openedAt = new Date('2026-12-01T10:00:00.000Z');
  const input: DecisionInput = {
    policy: {
      mode: 'quorum',
      quorumBps: 5000,
      approvalBps: 5000,
      minApprovers: 1,
      requiredGroups: [],
      vetoGroups: ['legal'],
      votingPeriodSeconds: 3600,
      earlyDecision: true,
    },
    roster: [
      { voterId: VETOER, weight: 1, groups: ['legal'] },
      { voterId: OTHER, weight: 2, groups: [] },
    ],
    votes: [{ voterId: VETOER, choice: 'reject', at: new Date('2026-12-01T10:05:00.000Z') }],
    openedAt,
    now: new Date('2026-12-01T10:06:00.000Z'),
  };
  const result = decide(input);
  return {
    id: 'd',
    assetId: 'a',
    version: 1,
    state: 'rejected',
    closedBy: 'veto',
    openedAt: openedAt.toISOString(),
    deadline: '2026-12-01T11:00:00.000Z',
    closedAt: '2026-12-01T10:05:00.000Z',
    policy: { id: 'p', version: 1, ...input.policy },
    roster: [...input.roster],
    votes: [{ voterId: VETOER, choice: 'reject', reason: 'Not cleared', castAt: '', carriedFrom: null }],
    tally: result.tally,
    checks: result.checks,
    quorum: { cast: 1, needed: 2, total: 3 },
    explanation: result.explanation,
    voterNames: { [VETOER]: 'vera@example.com', [OTHER]: 'Otto' },
  };
}

describe('botDecisionView', () => {
  it('keeps the outcome and the counts, and no voter anywhere, not even where a veto is explained', () => {
    const full = vetoed();
    expect(full.explanation.summary).toContain(VETOER);
    const view = botDecisionView(full);
    expect(view).toMatchObject({
      state: 'rejected',
      closedBy: 'veto',
      voters: { total: 2, approve: 0, reject: 1, abstain: 0, uncast: 1 },
    });
    expect(view.explanation.summary).toMatch(/^Rejected: vetoed by a reviewer/);
    const text = JSON.stringify(view);
    for (const leak of [VETOER, OTHER, 'vera@example.com', 'Otto', 'Not cleared'])
      expect(text).not.toContain(leak);
  });
});
