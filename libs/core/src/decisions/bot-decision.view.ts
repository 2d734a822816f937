import type { Decision } from '@app/domain';
import type { DecisionView } from './decision.service';

type Explanation = Decision['explanation'];
type FormulaLine = Explanation['formulas'][number];

/**
 * A decision as the bot that submitted the version sees it: the outcome, the policy, the tally and
 * the checks, and how many voters chose what. Never who: no voter ids, names, e-mail addresses or
 * reasons, so a bot (and whoever holds its key) cannot single out the people who reviewed its work.
 */
export interface BotDecisionView {
  id: string;
  assetId: string;
  version: number;
  state: DecisionView['state'];
  closedBy: DecisionView['closedBy'];
  openedAt: string;
  deadline: string;
  closedAt: string | null;
  policy: DecisionView['policy'];
  tally: DecisionView['tally'];
  checks: DecisionView['checks'];
  quorum: DecisionView['quorum'];
  /** How many people are on the roster and what the vote that counts of each is. */
  voters: { total: number; approve: number; reject: number; abstain: number; uncast: number };
  explanation: Omit<Explanation, 'voters' | 'ignoredVotes'> & { ignoredVotes: number };
}

export function botDecisionView(view: DecisionView): BotDecisionView {
  const { voters, ignoredVotes, ...explanation } = view.explanation;
  const count = (choice: string | null) => voters.filter((v) => v.choice === choice).length;
  const ids = [...voters.map((v) => v.voterId), ...ignoredVotes.map((v) => v.voterId)];
  const scrub = (text: string) => withoutVoterIds(text, ids);
  const lines = (formulas: FormulaLine[]) =>
    formulas.map((line) => ({ ...line, evaluated: scrub(line.evaluated) }));
  return {
    id: view.id,
    assetId: view.assetId,
    version: view.version,
    state: view.state,
    closedBy: view.closedBy,
    openedAt: view.openedAt,
    deadline: view.deadline,
    closedAt: view.closedAt,
    policy: view.policy,
    tally: view.tally,
    checks: view.checks,
    quorum: view.quorum,
    voters: {
      total: voters.length,
      approve: count('approve'),
      reject: count('reject'),
      abstain: count('abstain'),
      uncast: count(null),
    },
    explanation: {
      ...explanation,
      summary: scrub(explanation.summary),
      formulas: lines(explanation.formulas),
      ifUncastRejected: explanation.ifUncastRejected && lines(explanation.ifUncastRejected),
      ifUncastApproved: explanation.ifUncastApproved && lines(explanation.ifUncastApproved),
      ignoredVotes: ignoredVotes.length,
    },
  };
}

/** A veto's summary and formula name the vetoers; a bot is told that someone vetoed, not who. */
function withoutVoterIds(summary: string, ids: string[]): string {
  return ids.reduce((text, id) => text.split(id).join('a reviewer'), summary);
}
