import { useState } from 'react';
import { get, patch, post, put } from '../api/http.client';
import type { AssetClassView, GroupView, PersonView } from '../api/api.types';
import { useAsync } from '../ui/async.hook';
import { useFormAction } from '../ui/form-action.hook';
import { Badge, Card, ErrorNote, Field, Loading, Notice, PageHeader } from '../ui/kit.view';

const nameOfPerson = (p: PersonView) => p.displayName || p.email;

export function PeoplePage() {
  const people = useAsync(() => get<PersonView[]>('/v1/stakeholders'), []);
  const groups = useAsync(() => get<GroupView[]>('/v1/groups'), []);
  const classes = useAsync(() => get<AssetClassView[]>('/v1/asset-classes'), []);
  const reload = () => {
    people.reload();
    groups.reload();
  };
  const list = people.data ?? [];
  const nameOf = (id: string) => {
    const person = list.find((p) => p.id === id);
    return (person && nameOfPerson(person)) || id.slice(0, 8);
  };

  return (
    <>
      <PageHeader
        title="People & groups"
        subtitle="Reviewers, their groups and their voting weight per class"
      />
      <ErrorNote error={people.error ?? groups.error} />
      {!people.data && <Loading />}
      {people.data && (
        <Card title="People">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Groups</th>
                <th scope="col">Weights</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id} className={p.disabled ? 'row-disabled' : ''}>
                  <td>
                    <div>{nameOfPerson(p)}</div>
                    {p.displayName && <div className="small muted">{p.email}</div>}
                  </td>
                  <td>
                    <Badge tone={p.role === 'admin' ? 'violet' : 'blue'}>{p.role}</Badge>
                    {p.disabled && (
                      <>
                        {' '}
                        <Badge tone="red">disabled</Badge>
                      </>
                    )}
                  </td>
                  <td>{p.groups.join(', ') || <span className="muted">—</span>}</td>
                  <td>
                    {Object.entries(p.weights).map(([k, w]) => (
                      <Badge key={k}>
                        {k}: {w}
                      </Badge>
                    ))}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-ghost btn-small"
                      onClick={() =>
                        void patch(`/v1/stakeholders/${p.id}`, { disabled: !p.disabled }).then(reload)
                      }
                    >
                      {p.disabled ? 'Enable' : 'Disable'} <span className="visually-hidden">{p.email}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      <div className="grid-3">
        <AddPerson onDone={reload} />
        <SetWeight people={list} classes={classes.data ?? []} onDone={reload} />
        <Card title="Groups">
          <ul className="plain-list">
            {(groups.data ?? []).map((g) => (
              <li key={g.key}>
                <strong>{g.name}</strong> <span className="muted small">({g.key})</span>
                <div className="small muted">{g.members.map(nameOf).join(', ') || 'no members'}</div>
              </li>
            ))}
          </ul>
          <GroupForms people={list} groups={groups.data ?? []} onDone={reload} />
        </Card>
      </div>
    </>
  );
}

function AddPerson({ onDone }: { onDone: () => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<'reviewer' | 'admin'>('reviewer');
  const [password, setPassword] = useState<string>();
  const action = useFormAction();
  const submit = action.submit(async () => {
    const created = await post<{ password?: string }>('/v1/stakeholders', { email, displayName, role });
    setPassword(created.password);
    setEmail('');
    setDisplayName('');
    onDone();
  });
  return (
    <Card title="Add a person">
      <form onSubmit={submit}>
        <Field label="Email">
          {(id) => (
            <input id={id} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          )}
        </Field>
        <Field label="Display name">
          {(id) => <input id={id} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field label="Role">
          {(id) => (
            <select id={id} value={role} onChange={(e) => setRole(e.target.value as 'reviewer' | 'admin')}>
              <option value="reviewer">reviewer</option>
              <option value="admin">admin</option>
            </select>
          )}
        </Field>
        <ErrorNote error={action.error} />
        <button type="submit" className="btn btn-primary">
          Add person
        </button>
      </form>
      {password && (
        <Notice tone="warning">
          Their password, shown once: <code className="secret">{password}</code>
        </Notice>
      )}
    </Card>
  );
}

function SetWeight({
  people,
  classes,
  onDone,
}: {
  people: PersonView[];
  classes: AssetClassView[];
  onDone: () => void;
}) {
  const [person, setPerson] = useState('');
  const [classKey, setClassKey] = useState('');
  const [weight, setWeight] = useState('1');
  const action = useFormAction();
  const submit = action.submit(async () => {
    await put(`/v1/stakeholders/${person || people[0]?.id}/weights/${classKey || classes[0]?.key}`, {
      weight: Number(weight),
    });
    onDone();
  });
  return (
    <Card title="Voting weight">
      <form onSubmit={submit}>
        <PersonSelect label="Person" people={people} value={person} onChange={setPerson} />
        <Field label="Asset class">
          {(id) => (
            <select id={id} value={classKey} onChange={(e) => setClassKey(e.target.value)}>
              {classes.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Weight" hint="0 removes the vote">
          {(id, hint) => (
            <input
              id={id}
              aria-describedby={hint}
              type="number"
              min={0}
              value={weight}
              onChange={(e) => setWeight(e.target.value)}
            />
          )}
        </Field>
        <ErrorNote error={action.error} />
        <button type="submit" className="btn btn-primary">
          Set weight
        </button>
      </form>
    </Card>
  );
}

function GroupForms({
  people,
  groups,
  onDone,
}: {
  people: PersonView[];
  groups: GroupView[];
  onDone: () => void;
}) {
  const [key, setKey] = useState('');
  const [member, setMember] = useState('');
  const [group, setGroup] = useState('');
  const action = useFormAction();
  const attempt = (work: () => Promise<unknown>) => void action.run(() => work().then(onDone));
  return (
    <>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          attempt(() => post('/v1/groups', { key, name: key }));
          setKey('');
        }}
      >
        <Field label="New group key">
          {(id) => <input id={id} required value={key} onChange={(e) => setKey(e.target.value)} />}
        </Field>
        <button type="submit" className="btn btn-secondary">
          Create group
        </button>
      </form>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          attempt(() => put(`/v1/groups/${group || groups[0]?.key}/members/${member || people[0]?.id}`));
        }}
      >
        <Field label="Group">
          {(id) => (
            <select id={id} value={group} onChange={(e) => setGroup(e.target.value)}>
              {groups.map((g) => (
                <option key={g.key} value={g.key}>
                  {g.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <PersonSelect label="Member" people={people} value={member} onChange={setMember} />
        <button type="submit" className="btn btn-secondary">
          Add to group
        </button>
      </form>
      <ErrorNote error={action.error} />
    </>
  );
}

function PersonSelect(props: {
  label: string;
  people: PersonView[];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <Field label={props.label}>
      {(id) => (
        <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          {props.people.map((p) => (
            <option key={p.id} value={p.id}>
              {nameOfPerson(p)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
