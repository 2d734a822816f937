import { useEffect, type ReactNode } from 'react';
import { post, signOut } from './api/http.client';
import { LoginPage } from './auth/login.page';
import { useSession } from './auth/session.store';
import { linkProps, navigate, usePath } from './router.hook';
import { InboxPage } from './reviews/inbox.page';
import { DecisionPage } from './reviews/decision.page';
import { ClassesPage } from './admin/classes.page';
import { RuleSetsPage } from './admin/rule-sets.page';
import { PeoplePage } from './admin/people.page';
import { BotKeysPage } from './admin/bot-keys.page';
import { WebhooksPage } from './admin/webhooks.page';
import { LedgerPage } from './admin/ledger.page';
import { AssetsPage } from './reviews/assets.page';
import { Icon, type IconName } from './ui/icon.view';

interface Route {
  path: RegExp;
  title: string;
  admin?: boolean;
  render: (match: RegExpMatchArray) => ReactNode;
}

const ROUTES: Route[] = [
  { path: /^\/(inbox)?$/, title: 'Inbox', render: () => <InboxPage /> },
  {
    path: /^\/decisions\/([0-9a-f-]{36})$/,
    title: 'Review',
    render: (m) => <DecisionPage decisionId={m[1]} />,
  },
  { path: /^\/assets$/, title: 'Assets', render: () => <AssetsPage /> },
  { path: /^\/admin\/classes$/, title: 'Classes & policies', admin: true, render: () => <ClassesPage /> },
  { path: /^\/admin\/rule-sets$/, title: 'Rule sets', admin: true, render: () => <RuleSetsPage /> },
  { path: /^\/admin\/people$/, title: 'People & groups', admin: true, render: () => <PeoplePage /> },
  { path: /^\/admin\/bot-keys$/, title: 'Bot keys', admin: true, render: () => <BotKeysPage /> },
  { path: /^\/admin\/webhooks$/, title: 'Webhooks', admin: true, render: () => <WebhooksPage /> },
  { path: /^\/admin\/ledger$/, title: 'Ledger', admin: true, render: () => <LedgerPage /> },
];

const NAV: { path: string; label: string; icon: IconName; admin?: boolean }[] = [
  { path: '/inbox', label: 'Inbox', icon: 'inbox' },
  { path: '/assets', label: 'Assets', icon: 'file' },
  { path: '/admin/classes', label: 'Classes & policies', icon: 'sliders', admin: true },
  { path: '/admin/rule-sets', label: 'Rule sets', icon: 'check', admin: true },
  { path: '/admin/people', label: 'People & groups', icon: 'users', admin: true },
  { path: '/admin/bot-keys', label: 'Bot keys', icon: 'key', admin: true },
  { path: '/admin/webhooks', label: 'Webhooks', icon: 'zap', admin: true },
  { path: '/admin/ledger', label: 'Ledger', icon: 'link', admin: true },
];

export function App() {
  const session = useSession();
  const path = usePath();
  const found = ROUTES.map((r) => ({ route: r, match: path.match(r.path) })).find((r) => r.match);

  useEffect(() => {
    document.title = `${found?.route.title ?? 'Not found'} · Quorate`;
    // Move focus to the new page's heading so keyboard and screen-reader users land on it.
    requestAnimationFrame(() => document.getElementById('page-title')?.focus({ preventScroll: true }));
  }, [path, found?.route.title]);

  if (!session) return <LoginPage />;
  const isAdmin = session.me.role === 'admin';
  const current = path === '/' ? '/inbox' : path;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            Q
          </span>
          <span>Quorate</span>
        </div>
        <nav aria-label="Main">
          <p className="nav-section">Review</p>
          {NAV.filter((n) => !n.admin).map((n) => (
            <NavLink
              key={n.path}
              {...n}
              active={current.startsWith(n.path) || (n.path === '/inbox' && current.startsWith('/decisions'))}
            />
          ))}
          {isAdmin && (
            <>
              <p className="nav-section">Administration</p>
              {NAV.filter((n) => n.admin).map((n) => (
                <NavLink key={n.path} {...n} active={current.startsWith(n.path)} />
              ))}
              <button type="button" className="nav-link nav-button" onClick={openQueueDashboard}>
                <Icon name="layers" />
                Queues
                <span className="visually-hidden"> (opens in a new tab)</span>
              </button>
            </>
          )}
        </nav>
        <div className="whoami">
          <div className="avatar" aria-hidden="true">
            {(session.me.displayName || session.me.email).slice(0, 1).toUpperCase()}
          </div>
          <div className="whoami-text">
            <span className="whoami-email" title={session.me.email}>
              {session.me.displayName || session.me.email}
            </span>
            <span className="muted small">{session.me.role}</span>
          </div>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => void signOut().then(() => navigate('/'))}
          >
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" className="main">
        {!found ? (
          <p>
            Nothing here. <a {...linkProps('/inbox')}>Back to the inbox</a>
          </p>
        ) : found.route.admin && !isAdmin ? (
          <p>This page is for administrators.</p>
        ) : (
          found.route.render(found.match!)
        )}
      </main>
    </div>
  );
}

function NavLink(props: { path: string; label: string; icon: IconName; active: boolean }) {
  return (
    <a
      className={`nav-link ${props.active ? 'active' : ''}`}
      aria-current={props.active ? 'page' : undefined}
      {...linkProps(props.path)}
    >
      <Icon name={props.icon} />
      {props.label}
    </a>
  );
}

/**
 * Bull Board is a server page, so a browser tab cannot send it our bearer token: the API hands the
 * token over as a cookie scoped to the dashboard first. The tab opens at once, inside the click, so
 * popup blockers let it through.
 */
function openQueueDashboard() {
  const tab = window.open('', '_blank');
  void post('/v1/admin/queue-dashboard/session').then(
    () => tab?.location.assign('/admin/queues'),
    () => tab?.close(),
  );
}
