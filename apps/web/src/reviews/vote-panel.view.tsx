import { useState, type FormEvent } from 'react';
import { post } from '../api/http.client';
import type { DecisionView, VoteChoice } from '../api/api.types';
import { useFormAction } from '../ui/form-action.hook';
import { ErrorNote, Notice } from '../ui/kit.view';

const CHOICES: { id: VoteChoice; label: string; icon: string }[] = [
  { id: 'approve', label: 'Approve', icon: '✓' },
  { id: 'reject', label: 'Reject', icon: '✕' },
  { id: 'abstain', label: 'Abstain', icon: '–' },
];

/** Choose, give a reason, cast. The last vote counts, so a reviewer may change their mind while it is open. */
export function VotePanel(props: {
  decision: DecisionView;
  myId: string;
  onVoted: (view: DecisionView) => void;
}) {
  const { decision, myId } = props;
  const mine = decision.votes.filter((v) => v.voterId === myId).at(-1);
  const onRoster = decision.roster.some((r) => r.voterId === myId);
  const [choice, setChoice] = useState<VoteChoice | null>(null);
  const [reason, setReason] = useState('');
  const action = useFormAction();
  const [cast, setCast] = useState<VoteChoice | null>(null);

  if (!onRoster) return <p className="muted">You are not a voter on this decision.</p>;
  if (decision.state !== 'open')
    return <p className="muted">Voting has closed{mine ? `; you voted ${mine.choice}` : ''}.</p>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!choice) return action.setError(new Error('Choose approve, reject or abstain'));
    if (choice === 'reject' && !reason.trim()) return action.setError(new Error('A reject needs a reason'));
    await action.run(async () => {
      const view = await post<DecisionView>(`/v1/decisions/${decision.id}/votes`, {
        choice,
        reason: reason.trim(),
      });
      setCast(choice);
      setChoice(null);
      setReason('');
      props.onVoted(view);
    });
  };

  return (
    <form className="vote" onSubmit={(e) => void submit(e)} aria-label="Your vote">
      {mine && (
        <Notice tone="success">
          {cast ? 'Vote recorded: ' : 'You voted '}
          <strong>{mine.choice}</strong>
          {mine.reason ? ` — “${mine.reason}”` : ''}. You can change it while the decision is open.
        </Notice>
      )}
      <fieldset className="choices">
        <legend>{mine ? 'Change your vote' : 'Your vote'}</legend>
        {CHOICES.map((c) => (
          <button
            key={c.id}
            type="button"
            className={`choice choice-${c.id} ${choice === c.id ? 'selected' : ''}`}
            aria-pressed={choice === c.id}
            onClick={() => setChoice(c.id)}
          >
            <span aria-hidden="true">{c.icon}</span> {c.label}
          </button>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="vote-reason">
          Reason {choice === 'reject' ? '(required for a reject)' : '(optional)'}
        </label>
        <textarea
          id="vote-reason"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="What should the team know about your vote?"
        />
      </div>
      <ErrorNote error={action.error} />
      <button type="submit" className="btn btn-primary btn-block" disabled={action.busy || !choice}>
        {action.busy ? 'Casting…' : 'Cast vote'}
      </button>
    </form>
  );
}
