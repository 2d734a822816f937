import { useMemo, useState } from 'react';
import { post } from '../api/http.client';
import type { AssetClassView, DryRunResult, Policy, PolicyView } from '../api/api.types';
import { useFormAction } from '../ui/form-action.hook';
import { Badge, ErrorNote, Field, pct } from '../ui/kit.view';

const FIELDS: (keyof Policy)[] = [
  'mode',
  'quorumBps',
  'approvalBps',
  'minApprovers',
  'requiredGroups',
  'vetoGroups',
  'votingPeriodSeconds',
  'earlyDecision',
];

const toDraft = (p: Policy) => ({
  mode: p.mode,
  quorumPct: String(p.quorumBps / 100),
  approvalPct: String(p.approvalBps / 100),
  minApprovers: String(p.minApprovers),
  requiredGroups: p.requiredGroups.join(', '),
  vetoGroups: p.vetoGroups.join(', '),
  votingHours: String(p.votingPeriodSeconds / 3600),
  earlyDecision: p.earlyDecision,
});
type Draft = ReturnType<typeof toDraft>;

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const fromDraft = (d: Draft): Policy => ({
  mode: d.mode,
  quorumBps: Math.round(Number(d.quorumPct) * 100),
  approvalBps: Math.round(Number(d.approvalPct) * 100),
  minApprovers: Number(d.minApprovers),
  requiredGroups: list(d.requiredGroups),
  vetoGroups: list(d.vetoGroups),
  votingPeriodSeconds: Math.round(Number(d.votingHours) * 3600),
  earlyDecision: d.earlyDecision,
});

const changedFields = (a: Policy, b: Policy) =>
  FIELDS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
const same = (a: Policy, b: Policy) => changedFields(a, b).length === 0;

/**
 * Edits a class's policy as a new version. Saving is only offered for the exact draft whose dry run
 * the admin has seen, so nobody changes a threshold without knowing which past decisions it flips.
 */
export function PolicyEditor(props: { cls: AssetClassView; onSaved: (p: PolicyView) => void }) {
  const { cls } = props;
  const [draft, setDraft] = useState<Draft>(() => toDraft(cls.policy));
  const [dry, setDry] = useState<{ result: DryRunResult; policy: Policy }>();
  const action = useFormAction();
  const policy = useMemo(() => fromDraft(draft), [draft]);
  const changed = !same(policy, cls.policy);
  const previewed = dry !== undefined && same(dry.policy, policy);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const runDry = action.submit(async () => {
    const result = await post<DryRunResult>(`/v1/policies/${cls.policy.id}/dry-run`, policy);
    setDry({ result, policy });
  });

  const save = () =>
    action.run(async () => {
      const created = await post<PolicyView>('/v1/policies', { classKey: cls.key, ...policy });
      setDry(undefined);
      props.onSaved(created);
    });

  return (
    <form onSubmit={runDry} aria-label={`Policy of ${cls.name}`}>
      <div className="form-grid">
        <Field label="Mode" hint="auto releases without a vote">
          {(id, hint) => (
            <select
              id={id}
              aria-describedby={hint}
              value={draft.mode}
              onChange={(e) => set('mode', e.target.value as Policy['mode'])}
            >
              <option value="quorum">quorum: reviewers vote</option>
              <option value="auto">auto: no vote</option>
            </select>
          )}
        </Field>
        <PercentField
          label="Quorum (%)"
          hint="Share of roster weight that must vote"
          value={draft.quorumPct}
          onChange={(value) => set('quorumPct', value)}
        />
        <PercentField
          label="Approval threshold (%)"
          hint="Approve share of approve + reject"
          value={draft.approvalPct}
          onChange={(value) => set('approvalPct', value)}
        />
        <Field label="Minimum approvers">
          {(id) => (
            <input
              id={id}
              type="number"
              min={0}
              value={draft.minApprovers}
              onChange={(e) => set('minApprovers', e.target.value)}
            />
          )}
        </Field>
        <Field label="Required groups" hint="Comma-separated; each must approve">
          {(id, hint) => (
            <input
              id={id}
              aria-describedby={hint}
              value={draft.requiredGroups}
              onChange={(e) => set('requiredGroups', e.target.value)}
            />
          )}
        </Field>
        <Field label="Veto groups" hint="A reject from a member decides at once">
          {(id, hint) => (
            <input
              id={id}
              aria-describedby={hint}
              value={draft.vetoGroups}
              onChange={(e) => set('vetoGroups', e.target.value)}
            />
          )}
        </Field>
        <Field label="Voting period (hours)">
          {(id) => (
            <input
              id={id}
              type="number"
              min={0.01}
              step="0.01"
              value={draft.votingHours}
              onChange={(e) => set('votingHours', e.target.value)}
            />
          )}
        </Field>
        <div className="field field-check">
          <input
            id="early-decision"
            type="checkbox"
            checked={draft.earlyDecision}
            onChange={(e) => set('earlyDecision', e.target.checked)}
          />
          <label htmlFor="early-decision">Decide early once remaining votes cannot change the outcome</label>
        </div>
      </div>
      <ErrorNote error={action.error} />
      <div className="row-gap">
        <button type="submit" className="btn btn-secondary" disabled={action.busy || !changed}>
          Preview impact (dry run)
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={action.busy || !changed || !previewed}
          onClick={() => void save()}
        >
          Save as version {cls.policy.version + 1}
        </button>
        {!changed && <span className="muted small">Change a field to preview its impact.</span>}
        {changed && !previewed && <span className="muted small">Run the dry run before saving.</span>}
      </div>
      {previewed && dry && <DryRunView result={dry.result} before={cls.policy} after={policy} />}
    </form>
  );
}

function DryRunView({ result, before, after }: { result: DryRunResult; before: Policy; after: Policy }) {
  const diffs = changedFields(before, after);
  const show = (k: keyof Policy, p: Policy) =>
    k.endsWith('Bps')
      ? pct(p[k] as number)
      : Array.isArray(p[k])
        ? (p[k] as string[]).join(', ') || '—'
        : String(p[k]);
  return (
    <section className="dry-run" aria-label="Dry-run result" aria-live="polite">
      <h3>Dry-run result</h3>
      <ul className="changes">
        {diffs.map((k) => (
          <li key={k}>
            <strong>{k}</strong>: <span className="strike">{show(k, before)}</span> →{' '}
            <span>{show(k, after)}</span>
          </li>
        ))}
      </ul>
      <p className="dry-run-summary">
        Replayed <strong>{result.examined}</strong> closed decision{result.examined === 1 ? '' : 's'}:{' '}
        {result.changed.length === 0 ? (
          <Badge tone="green">none would end differently</Badge>
        ) : (
          <Badge tone="amber">{result.changed.length} would end differently</Badge>
        )}
      </p>
      {result.changed.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Decision</th>
              <th scope="col">Was</th>
              <th scope="col">Would be</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {result.changed.map((c) => (
              <tr key={c.id}>
                <td>
                  <code>{c.id.slice(0, 8)}</code>
                </td>
                <td>{c.before}</td>
                <td>
                  <strong>{c.after}</strong>
                </td>
                <td className="small">{c.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PercentField(props: {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={props.label} hint={props.hint}>
      {(id, hint) => (
        <input
          id={id}
          aria-describedby={hint}
          type="number"
          min={0}
          max={100}
          step="0.01"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
