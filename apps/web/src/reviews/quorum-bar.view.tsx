import type { DecisionView, Tally } from '../api/api.types';
import { pct } from '../ui/kit.view';

const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);

/** Approve, reject and abstain weight against the quorum (participation) and the approval threshold. */
export function QuorumBar({ decision }: { decision: DecisionView }) {
  const { tally, quorum, policy } = decision;
  const W = tally.W;
  const decided = tally.A + tally.R;
  const approvalShare = decided > 0 ? (tally.A / decided) * 10000 : 0;
  const quorumMet = quorum.cast >= quorum.needed && W > 0;
  const approvalMet = decided > 0 && approvalShare >= policy.approvalBps;

  return (
    <div className="quorum" aria-live="polite">
      <div className="quorum-row">
        <div className="quorum-label">
          <span>Participation</span>
          <span className={quorumMet ? 'text-green' : 'muted'}>
            {quorum.cast} of {W} weight voted · quorum {quorum.needed} ({pct(policy.quorumBps)}){' '}
            {quorumMet ? '✓ met' : ''}
          </span>
        </div>
        <div
          className="bar"
          role="img"
          aria-label={`Approve ${tally.A}, reject ${tally.R}, abstain ${tally.B}, not voted ${tally.U}, of ${W}; quorum needs ${quorum.needed}`}
        >
          <div className="bar-seg seg-approve" style={{ width: `${share(tally.A, W)}%` }} />
          <div className="bar-seg seg-reject" style={{ width: `${share(tally.R, W)}%` }} />
          <div className="bar-seg seg-abstain" style={{ width: `${share(tally.B, W)}%` }} />
          <div className="bar-marker" style={{ left: `${share(quorum.needed, W)}%` }} title="Quorum" />
        </div>
      </div>
      <div className="quorum-row">
        <div className="quorum-label">
          <span>Approval</span>
          <span className={approvalMet ? 'text-green' : 'muted'}>
            {decided > 0 ? pct(Math.round(approvalShare)) : 'no votes yet'} of approve + reject · threshold{' '}
            {pct(policy.approvalBps)} {approvalMet ? '✓ met' : ''}
          </span>
        </div>
        <div
          className="bar"
          role="img"
          aria-label={`Approval ${pct(Math.round(approvalShare))}; threshold ${pct(policy.approvalBps)}`}
        >
          <div
            className="bar-seg seg-approve"
            style={{ width: `${decided > 0 ? share(tally.A, decided) : 0}%` }}
          />
          <div
            className="bar-seg seg-reject"
            style={{ width: `${decided > 0 ? share(tally.R, decided) : 0}%` }}
          />
          <div className="bar-marker" style={{ left: `${policy.approvalBps / 100}%` }} title="Threshold" />
        </div>
      </div>
      <ul className="legend" aria-label="Weights">
        <li>
          <span className="dot seg-approve" aria-hidden="true" /> Approve <strong>{tally.A}</strong>
        </li>
        <li>
          <span className="dot seg-reject" aria-hidden="true" /> Reject <strong>{tally.R}</strong>
        </li>
        <li>
          <span className="dot seg-abstain" aria-hidden="true" /> Abstain <strong>{tally.B}</strong>
        </li>
        <li>
          <span className="dot seg-none" aria-hidden="true" /> Not voted <strong>{tally.U}</strong>
        </li>
        <li>
          Approvers <strong>{tally.approvers}</strong> / min {policy.minApprovers}
        </li>
      </ul>
    </div>
  );
}

export function MiniTally({ tally }: { tally: Tally }) {
  return (
    <span
      className="mini-tally"
      aria-label={`Approve ${tally.A}, reject ${tally.R}, abstain ${tally.B} of ${tally.W}`}
    >
      <span className="bar bar-thin" aria-hidden="true">
        <span className="bar-seg seg-approve" style={{ width: `${share(tally.A, tally.W)}%` }} />
        <span className="bar-seg seg-reject" style={{ width: `${share(tally.R, tally.W)}%` }} />
        <span className="bar-seg seg-abstain" style={{ width: `${share(tally.B, tally.W)}%` }} />
      </span>
      <span className="small muted" aria-hidden="true">
        {tally.W - tally.U} of {tally.W} weight voted
      </span>
    </span>
  );
}
