import { BPS, type ConsensusPolicy } from './policy';
import type { Scenario } from './tally';

/** The checks of DESIGN.md; `vetoed` is true when a veto was cast, so it blocks approval. */
export interface Checks {
  quorumMet: boolean;
  ratioMet: boolean;
  minApproversMet: boolean;
  requiredGroupsMet: boolean;
  vetoed: boolean;
}

/** One formula with the numbers put in, e.g. for quorum: "(30 + 0 + 10) × 10000 = 400000 ≥ … → true". */
export interface FormulaLine {
  check: keyof Checks;
  formula: string;
  evaluated: string;
  holds: boolean;
}

const D = BigInt(BPS);

// Shared by the checks and their explanation, so that what is shown is what was decided.
function terms(policy: ConsensusPolicy, s: Scenario) {
  const quorum = BigInt(policy.quorumBps);
  const approval = BigInt(policy.approvalBps);
  return {
    quorum,
    approval,
    cast: (s.A + s.R + s.B) * D,
    needed: quorum * s.W,
    approveSide: s.A * D,
    approveNeeded: approval * (s.A + s.R),
    missingGroups: policy.requiredGroups.filter((g) => !s.groupApproved(g)),
  };
}

export function checksOf(policy: ConsensusPolicy, s: Scenario): Checks {
  const t = terms(policy, s);
  return {
    // An empty roster has no participation to measure (0 ≥ 0 would hold vacuously). Counting that as
    // quorum would have every asset of a class without eligible voters rejected by nobody.
    quorumMet: s.W > 0n && t.cast >= t.needed,
    ratioMet: s.A > 0n && t.approveSide >= t.approveNeeded,
    minApproversMet: s.approvers >= policy.minApprovers,
    requiredGroupsMet: t.missingGroups.length === 0,
    vetoed: s.vetoers.length + s.assumedVetoes > 0,
  };
}

export function isApprovable(c: Checks): boolean {
  return c.quorumMet && c.ratioMet && c.minApproversMet && c.requiredGroupsMet && !c.vetoed;
}

export function formulaLines(policy: ConsensusPolicy, s: Scenario): FormulaLine[] {
  const t = terms(policy, s);
  const c = checksOf(policy, s);
  const assumed = s.assumedVetoes > 0 ? ` + ${s.assumedVetoes} uncast member(s)` : '';
  return [
    {
      check: 'quorumMet',
      formula: `W > 0 ∧ (A + R + B) × ${BPS} ≥ quorumBps × W`,
      evaluated:
        `${s.W} > 0 ∧ (${s.A} + ${s.R} + ${s.B}) × ${BPS} = ${t.cast} ≥ ${t.quorum} × ${s.W} = ${t.needed}` +
        ` → ${c.quorumMet}`,
      holds: c.quorumMet,
    },
    {
      check: 'ratioMet',
      formula: `A > 0 ∧ A × ${BPS} ≥ approvalBps × (A + R)`,
      evaluated:
        `${s.A} > 0 ∧ ${s.A} × ${BPS} = ${t.approveSide} ≥ ${t.approval} × (${s.A} + ${s.R}) = ${t.approveNeeded}` +
        ` → ${c.ratioMet}`,
      holds: c.ratioMet,
    },
    {
      check: 'minApproversMet',
      formula: 'approvers ≥ minApprovers',
      evaluated: `${s.approvers} ≥ ${policy.minApprovers} → ${c.minApproversMet}`,
      holds: c.minApproversMet,
    },
    {
      check: 'requiredGroupsMet',
      formula: 'every required group has at least one approving member',
      evaluated:
        `required [${policy.requiredGroups.join(', ')}], missing [${t.missingGroups.join(', ')}]` +
        ` → ${c.requiredGroupsMet}`,
      holds: c.requiredGroupsMet,
    },
    {
      check: 'vetoed',
      formula: 'a member of a veto group rejected',
      evaluated:
        `veto groups [${policy.vetoGroups.join(', ')}], vetoed by [${s.vetoers.join(', ')}]${assumed}` +
        ` → ${c.vetoed}`,
      holds: c.vetoed,
    },
  ];
}
