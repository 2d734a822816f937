import type { DecisionView, VersionView } from '../api/api.types';
import { Badge, shortHash } from '../ui/kit.view';

export const nameOf = (d: DecisionView, id: string) => d.voterNames?.[id] || `${id.slice(0, 8)}…`;

const CHOICE_TONE = { approve: 'green', reject: 'red', abstain: 'grey' } as const;

export function Voters({ decision }: { decision: DecisionView }) {
  const latest = new Map(decision.votes.map((v) => [v.voterId, v]));
  return (
    <ul className="voters">
      {decision.roster.map((r) => {
        const v = latest.get(r.voterId);
        return (
          <li key={r.voterId}>
            <div className="voter-head">
              <span className="avatar avatar-small" aria-hidden="true">
                {nameOf(decision, r.voterId).slice(0, 1).toUpperCase()}
              </span>
              <span className="voter-name">{nameOf(decision, r.voterId)}</span>
              <span className="muted small">weight {r.weight}</span>
              {v ? <Badge tone={CHOICE_TONE[v.choice]}>{v.choice}</Badge> : <Badge>not voted</Badge>}
            </div>
            {v?.reason && <p className="voter-reason">“{v.reason}”</p>}
            {r.groups.length > 0 && <p className="small muted">{r.groups.join(', ')}</p>}
          </li>
        );
      })}
    </ul>
  );
}

export function Provenance({ version, previous }: { version: VersionView; previous?: VersionView }) {
  const p = version.provenance ?? {};
  // [label, shown value, full value on hover]
  const rows: [string, string | undefined, string?][] = [
    ['Model', p.model],
    ['Generator', p.generator],
    ['Prompt hash', p.promptSha256 ? shortHash(p.promptSha256) : undefined, p.promptSha256],
    ['Parent', typeof p.parent === 'string' ? p.parent : undefined],
    [
      'Previous version',
      previous ? `v${previous.version} (${previous.status.replace(/_/g, ' ')})` : 'none: first version',
    ],
    ['Content SHA-256', shortHash(version.sha256), version.sha256],
    ['Media type', version.mediaType],
  ];
  return (
    <dl className="props">
      {rows.map(([k, v, full]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd title={full}>{v ?? <span className="muted">not declared</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Explanation({ decision }: { decision: DecisionView }) {
  const e = decision.explanation;
  return (
    <div className="explanation">
      <p className="explanation-summary">{e.summary}</p>
      <table className="table">
        <caption className="visually-hidden">Checks of the consensus policy</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Rule</th>
            <th scope="col">With these votes</th>
            <th scope="col">Holds</th>
          </tr>
        </thead>
        <tbody>
          {e.formulas.map((f) => (
            <tr key={f.check}>
              <td>{f.check}</td>
              <td>
                <code>{f.formula}</code>
              </td>
              <td>
                <code>{f.evaluated}</code>
              </td>
              <td>
                {/* A veto holding counts against approval; every other check holding counts for it. */}
                <Badge tone={f.holds === (f.check !== 'vetoed') ? 'green' : 'red'}>
                  {f.holds ? 'yes' : 'no'}
                </Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
