import { useState } from 'react';
import { get, post } from '../api/http.client';
import type { ApiKeyView, AssetClassView, PersonView } from '../api/api.types';
import { useAsync } from '../ui/async.hook';
import { useFormAction } from '../ui/form-action.hook';
import { Badge, Card, ErrorNote, Field, Loading, Notice, PageHeader, relativeTime } from '../ui/kit.view';

export function BotKeysPage() {
  const keys = useAsync(() => get<ApiKeyView[]>('/v1/api-keys'), []);
  const people = useAsync(() => get<PersonView[]>('/v1/stakeholders'), []);
  const classes = useAsync(() => get<AssetClassView[]>('/v1/asset-classes'), []);
  const action = useFormAction();
  const owner = (id: string) => people.data?.find((p) => p.id === id)?.email ?? id.slice(0, 8);

  const revoke = async (key: ApiKeyView) => {
    if (!window.confirm(`Revoke ${key.name}? Its next request will be refused.`)) return;
    await action.run(() => post(`/v1/api-keys/${key.id}/revoke`).then(keys.reload));
  };

  return (
    <>
      <PageHeader title="Bot keys" subtitle="Automation that may submit assets, and to which classes" />
      <ErrorNote error={keys.error ?? action.error} />
      {(!keys.data || !people.data) && <Loading />}
      <div className="split split-wide">
        <Card title="Keys">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Bot</th>
                <th scope="col">Owner</th>
                <th scope="col">Classes</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(people.data ? (keys.data ?? []) : []).map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'row-disabled' : ''}>
                  <td>
                    <div>{k.name}</div>
                    <code className="small">{k.keyPrefix}…</code>
                  </td>
                  <td>{owner(k.ownerUserId)}</td>
                  <td>{k.classKeys.join(', ')}</td>
                  <td className="muted">{k.lastUsedAt ? relativeTime(k.lastUsedAt) : 'never'}</td>
                  <td>
                    {k.revokedAt ? (
                      <Badge tone="red">revoked</Badge>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-danger btn-small"
                        onClick={() => void revoke(k)}
                      >
                        Revoke <span className="visually-hidden">{k.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <NewKey people={people.data ?? []} classes={classes.data ?? []} onCreated={keys.reload} />
      </div>
    </>
  );
}

function NewKey(props: { people: PersonView[]; classes: AssetClassView[]; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [secret, setSecret] = useState<string>();
  const action = useFormAction();
  const submit = action.submit(async () => {
    const created = await post<{ key: string }>('/v1/api-keys', {
      name,
      ownerUserId: owner || props.people[0]?.id,
      classKeys: chosen,
    });
    setSecret(created.key);
    setName('');
    props.onCreated();
  });
  return (
    <Card title="New key">
      {secret && (
        <Notice tone="warning">
          Copy this key now: it is shown once. <code className="secret">{secret}</code>{' '}
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => void navigator.clipboard?.writeText(secret)}
          >
            Copy
          </button>
        </Notice>
      )}
      <form onSubmit={submit}>
        <Field label="Bot name">
          {(id) => <input id={id} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Owner" hint="The owner never votes on what their bot submits">
          {(id, hint) => (
            <select id={id} aria-describedby={hint} value={owner} onChange={(e) => setOwner(e.target.value)}>
              {props.people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.email}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="checks">
          <legend>Classes it may submit to</legend>
          {props.classes.map((c) => (
            <label key={c.key} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(c.key)}
                onChange={(e) =>
                  setChosen((s) => (e.target.checked ? [...s, c.key] : s.filter((k) => k !== c.key)))
                }
              />{' '}
              {c.name}
            </label>
          ))}
        </fieldset>
        <ErrorNote error={action.error} />
        <button type="submit" className="btn btn-primary">
          Create key
        </button>
      </form>
    </Card>
  );
}
