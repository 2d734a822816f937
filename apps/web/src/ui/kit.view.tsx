import { useId, type ReactNode } from 'react';

export function PageHeader(props: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1} id="page-title">
          {props.title}
        </h1>
        {props.subtitle && <p className="muted">{props.subtitle}</p>}
      </div>
      {props.actions && <div className="actions">{props.actions}</div>}
    </header>
  );
}

export function Card(props: {
  title?: ReactNode;
  children: ReactNode;
  className?: string;
  aside?: ReactNode;
}) {
  return (
    <section
      className={`card ${props.className ?? ''}`}
      aria-label={typeof props.title === 'string' ? props.title : undefined}
    >
      {(props.title || props.aside) && (
        <div className="card-head">
          {props.title && <h2>{props.title}</h2>}
          {props.aside}
        </div>
      )}
      {props.children}
    </section>
  );
}

/** A card of buttons choosing one item of a list; the chosen one is marked active and aria-current. */
export function ListNav<T>(props: {
  label: string;
  items: T[];
  keyOf: (item: T) => string;
  current?: string;
  onSelect: (key: string) => void;
  title: (item: T) => ReactNode;
  detail: (item: T) => ReactNode;
}) {
  return (
    <nav className="list-nav card" aria-label={props.label}>
      {props.items.map((item) => {
        const key = props.keyOf(item);
        const active = key === props.current;
        return (
          <button
            key={key}
            type="button"
            className={`list-item ${active ? 'active' : ''}`}
            aria-current={active ? 'true' : undefined}
            onClick={() => props.onSelect(key)}
          >
            <span className="list-title">{props.title(item)}</span>
            <span className="small muted">{props.detail(item)}</span>
          </button>
        );
      })}
    </nav>
  );
}

export function Badge(props: {
  tone?: 'green' | 'red' | 'amber' | 'blue' | 'grey' | 'violet';
  children: ReactNode;
}) {
  return <span className={`badge badge-${props.tone ?? 'grey'}`}>{props.children}</span>;
}

const STATUS_TONES: Record<string, 'green' | 'red' | 'amber' | 'blue' | 'grey' | 'violet'> = {
  released: 'green',
  approved: 'green',
  delivered: 'green',
  rejected: 'red',
  validation_failed: 'red',
  failed: 'red',
  expired: 'grey',
  superseded: 'grey',
  withdrawn: 'grey',
  in_review: 'blue',
  open: 'blue',
  pending: 'amber',
  validating: 'amber',
  submitted: 'amber',
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status] ?? 'grey'}>{status.replace(/_/g, ' ')}</Badge>;
}

export function Field(props: {
  label: string;
  hint?: ReactNode;
  children: (id: string, describedBy?: string) => ReactNode;
}) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children(id, hintId)}
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : 'Something went wrong';
  return (
    <div className="alert alert-error" role="alert">
      {message}
    </div>
  );
}

export function Notice({
  tone = 'info',
  children,
}: {
  tone?: 'info' | 'success' | 'warning';
  children: ReactNode;
}) {
  return (
    <div className={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}…
    </div>
  );
}

export function Progress(props: { value: number; max: number; label: string }) {
  const pct = props.max > 0 ? Math.min(100, (props.value / props.max) * 100) : 0;
  return (
    <div className="progress-wrap">
      <div
        className="progress"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={props.max}
        aria-valuenow={props.value}
      >
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="muted small">
        {props.value.toLocaleString()} / {props.max.toLocaleString()}
      </span>
    </div>
  );
}

export const pct = (bps: number): string =>
  `${(bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })}%`;

export function relativeTime(iso: string): string {
  const ms = new Date(iso).getTime() - Date.now();
  const abs = Math.abs(ms);
  const unit: [number, Intl.RelativeTimeFormatUnit] =
    abs < 3_600_000 ? [60_000, 'minute'] : abs < 86_400_000 ? [3_600_000, 'hour'] : [86_400_000, 'day'];
  return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(
    Math.round(ms / unit[0]),
    unit[1],
  );
}

export const shortHash = (hash: string | undefined): string =>
  hash ? `${hash.slice(0, 10)}…${hash.slice(-6)}` : '—';
