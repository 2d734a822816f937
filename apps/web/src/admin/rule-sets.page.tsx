import { useState } from 'react';
import { get, post, put } from '../api/http.client';
import type { RuleSetTestResult, RuleSetView } from '../api/api.types';
import { FindingsList } from '../reviews/asset-preview.view';
import { useAsync } from '../ui/async.hook';
import { useFormAction } from '../ui/form-action.hook';
import { Badge, Card, Empty, ErrorNote, Field, ListNav, Loading, Notice, PageHeader } from '../ui/kit.view';

const EXAMPLE_RULES = JSON.stringify(
  [
    {
      id: 'no-guarantee',
      kind: 'banned-term',
      severity: 'error',
      terms: [{ term: 'guaranteed', suggestion: 'designed to' }],
    },
  ],
  null,
  2,
);

export function RuleSetsPage() {
  const sets = useAsync(() => get<RuleSetView[]>('/v1/rule-sets'), []);
  const [selected, setSelected] = useState<string>();
  const list = sets.data ?? [];
  const current = list.find((s) => s.id === selected) ?? list[0];

  return (
    <>
      <PageHeader title="Rule sets" subtitle="Brand rules every version is validated against" />
      <ErrorNote error={sets.error} />
      {!sets.data && <Loading />}
      <div className="split">
        <div>
          {list.length > 0 && (
            <ListNav
              label="Rule sets"
              items={list}
              keyOf={(s) => s.id}
              current={current?.id}
              onSelect={setSelected}
              title={(s) => s.name}
              detail={(s) => (
                <>
                  {s.key} · v{s.version} · {s.rules.length} rules ·{' '}
                  {s.classes.length ? s.classes.join(', ') : 'no class'}
                </>
              )}
            />
          )}
          {sets.data && list.length === 0 && <Empty>No rule sets yet.</Empty>}
          <CreateRuleSet
            onCreated={(s) => {
              sets.reload();
              setSelected(s.id);
            }}
          />
        </div>
        {current && (
          <div>
            <RuleSetEditor
              key={`${current.id}-${current.version}`}
              set={current}
              onSaved={() => sets.reload()}
            />
            <TryIt key={current.id} set={current} />
          </div>
        )}
      </div>
    </>
  );
}

function RuleSetEditor({ set, onSaved }: { set: RuleSetView; onSaved: () => void }) {
  const [rules, setRules] = useState(() => JSON.stringify(set.rules, null, 2));
  const action = useFormAction();
  const save = action.submit(async () => {
    await put(`/v1/rule-sets/${set.id}`, { rules: JSON.parse(rules) as unknown, baseVersion: set.version });
    onSaved();
  });
  return (
    <Card
      title={set.name}
      aside={
        <span className="row-gap">
          <Badge tone="violet">v{set.version}</Badge>
          <Badge>{set.classes.length ? `governs ${set.classes.join(', ')}` : 'governs no class'}</Badge>
        </span>
      }
    >
      {set.description && <p className="muted">{set.description}</p>}
      <form onSubmit={save}>
        <Field label="Rules (JSON)" hint="Saving adds a version; earlier versions never change.">
          {(id, hint) => (
            <textarea
              id={id}
              aria-describedby={hint}
              className="mono"
              rows={12}
              value={rules}
              onChange={(e) => setRules(e.target.value)}
            />
          )}
        </Field>
        <ErrorNote error={action.error} />
        <button type="submit" className="btn btn-secondary">
          Save as version {set.version + 1}
        </button>
      </form>
    </Card>
  );
}

function TryIt({ set }: { set: RuleSetView }) {
  const [mediaType, setMediaType] = useState('text/plain');
  const [text, setText] = useState('');
  const [result, setResult] = useState<RuleSetTestResult>();
  const action = useFormAction();
  const run = action.submit(async () => {
    setResult(await post<RuleSetTestResult>(`/v1/rule-sets/${set.id}/test`, { mediaType, text }));
  });
  return (
    <Card title="Try it">
      <form onSubmit={run}>
        <Field label="Media type">
          {(id) => <input id={id} value={mediaType} onChange={(e) => setMediaType(e.target.value)} />}
        </Field>
        <Field label="Sample text">
          {(id) => (
            <textarea
              id={id}
              rows={5}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="Paste copy to check it against these rules"
            />
          )}
        </Field>
        <ErrorNote error={action.error} />
        <button type="submit" className="btn btn-primary">
          Check sample
        </button>
      </form>
      {result && (
        <div className="try-result" aria-live="polite">
          {result.passes ? (
            <Notice tone="success">Passes: no error findings.</Notice>
          ) : (
            <Notice tone="warning">Would fail validation.</Notice>
          )}
          <FindingsList findings={result.findings} />
        </div>
      )}
    </Card>
  );
}

function CreateRuleSet({ onCreated }: { onCreated: (s: RuleSetView) => void }) {
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [rules, setRules] = useState(EXAMPLE_RULES);
  const action = useFormAction();
  const create = action.submit(async () => {
    onCreated(await post<RuleSetView>('/v1/rule-sets', { key, name, rules: JSON.parse(rules) as unknown }));
    setKey('');
    setName('');
  });
  return (
    <Card title="New rule set">
      <form onSubmit={create}>
        <Field label="Key">
          {(id) => <input id={id} required value={key} onChange={(e) => setKey(e.target.value)} />}
        </Field>
        <Field label="Name">
          {(id) => <input id={id} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Rules (JSON)">
          {(id) => (
            <textarea
              id={id}
              className="mono"
              rows={6}
              value={rules}
              onChange={(e) => setRules(e.target.value)}
            />
          )}
        </Field>
        <ErrorNote error={action.error} />
        <button type="submit" className="btn btn-secondary">
          Create rule set
        </button>
      </form>
    </Card>
  );
}
