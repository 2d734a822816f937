import { useState } from 'react';
import { get, post } from '../api/http.client';
import { WEBHOOK_EVENTS, type DeliveryView, type WebhookView } from '../api/api.types';
import { useAsync } from '../ui/async.hook';
import { useFormAction } from '../ui/form-action.hook';
import {
  Badge,
  Card,
  Empty,
  ErrorNote,
  Field,
  ListNav,
  Loading,
  Notice,
  PageHeader,
  relativeTime,
  StatusBadge,
} from '../ui/kit.view';

export function WebhooksPage() {
  const hooks = useAsync(() => get<WebhookView[]>('/v1/webhooks'), []);
  const [selected, setSelected] = useState<string>();
  const list = hooks.data ?? [];
  const current = list.find((h) => h.id === selected) ?? list[0];
  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Signed notifications to your systems, with every delivery logged"
      />
      <ErrorNote error={hooks.error} />
      {!hooks.data && <Loading />}
      <div className="split">
        <div>
          {list.length > 0 && (
            <ListNav
              label="Webhooks"
              items={list}
              keyOf={(h) => h.id}
              current={current?.id}
              onSelect={setSelected}
              title={(h) => h.url}
              detail={(h) => (
                <>
                  {h.disabled ? 'disabled · ' : ''}
                  {h.events.length} events
                </>
              )}
            />
          )}
          {hooks.data && list.length === 0 && <Empty>No webhooks yet.</Empty>}
          <Register onDone={hooks.reload} />
        </div>
        {current && <Deliveries key={current.id} hook={current} onDisabled={hooks.reload} />}
      </div>
    </>
  );
}

function Deliveries({ hook, onDisabled }: { hook: WebhookView; onDisabled: () => void }) {
  const log = useAsync(() => get<DeliveryView[]>(`/v1/webhooks/${hook.id}/deliveries`), [hook.id], 5000);
  return (
    <Card
      title="Delivery log"
      aside={
        hook.disabled ? (
          <Badge tone="red">disabled</Badge>
        ) : (
          <button
            type="button"
            className="btn btn-danger btn-small"
            onClick={() => void post(`/v1/webhooks/${hook.id}/disable`).then(onDisabled)}
          >
            Disable
          </button>
        )
      }
    >
      <p className="small muted">
        {hook.url} · {hook.events.join(', ')}
      </p>
      <ErrorNote error={log.error} />
      {log.data && log.data.length === 0 && <Empty>No deliveries yet.</Empty>}
      {log.data && log.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Answer</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {log.data.map((d) => (
              <tr key={d.id}>
                <td>
                  <code>{d.event}</code>
                </td>
                <td>
                  <StatusBadge status={d.status} />
                </td>
                <td>{d.attempts}</td>
                <td className="small">{d.lastError ?? d.lastStatus ?? '—'}</td>
                <td className="muted">{relativeTime(d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function Register({ onDone }: { onDone: () => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['decision.closed']);
  const [secret, setSecret] = useState<string>();
  const action = useFormAction();
  const submit = action.submit(async () => {
    const created = await post<{ secret: string }>('/v1/webhooks', { url, events });
    setSecret(created.secret);
    setUrl('');
    onDone();
  });
  return (
    <Card title="Register a webhook">
      {secret && (
        <Notice tone="warning">
          Signing secret, shown once: <code className="secret">{secret}</code>
        </Notice>
      )}
      <form onSubmit={submit}>
        <Field label="URL">
          {(id) => (
            <input
              id={id}
              type="url"
              required
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://hooks.example.com/quorate"
            />
          )}
        </Field>
        <fieldset className="checks">
          <legend>Events</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} className="check">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) =>
                  setEvents((s) => (e.target.checked ? [...s, ev] : s.filter((x) => x !== ev)))
                }
              />{' '}
              {ev}
            </label>
          ))}
        </fieldset>
        <ErrorNote error={action.error} />
        <button type="submit" className="btn btn-primary">
          Register
        </button>
      </form>
    </Card>
  );
}
