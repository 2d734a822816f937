import { get } from '../api/http.client';
import type { InboxItem } from '../api/api.types';
import { linkProps } from '../router.hook';
import { useAsync } from '../ui/async.hook';
import { Badge, Empty, ErrorNote, Loading, PageHeader, relativeTime } from '../ui/kit.view';
import { MiniTally } from './quorum-bar.view';

export function InboxPage() {
  const inbox = useAsync(() => get<InboxItem[]>('/v1/reviews/inbox'), [], 10_000);
  const items = inbox.data ?? [];
  const waiting = items.filter((i) => !i.myVote).length;

  return (
    <>
      <PageHeader
        title="Inbox"
        subtitle={
          inbox.data
            ? `${waiting} awaiting your vote · ${items.length} open, most urgent first`
            : 'Decisions awaiting your vote'
        }
      />
      <ErrorNote error={inbox.error} />
      {!inbox.data && inbox.loading && <Loading />}
      {inbox.data && items.length === 0 && (
        <Empty>Nothing needs your vote right now. New reviews appear here as bots submit work.</Empty>
      )}
      {items.length > 0 && (
        <ul className="inbox" aria-label="Open decisions">
          {items.map((item) => {
            const hoursLeft = (new Date(item.deadline).getTime() - Date.now()) / 3_600_000;
            return (
              <li key={item.decisionId}>
                <a className="inbox-item" {...linkProps(`/decisions/${item.decisionId}`)}>
                  <span
                    className={`urgency ${hoursLeft < 4 ? 'urgency-high' : hoursLeft < 24 ? 'urgency-mid' : ''}`}
                    aria-hidden="true"
                  />
                  <span className="inbox-main">
                    <span className="inbox-title">{item.title}</span>
                    <span className="muted small">
                      {item.classKey} · version {item.version} · your weight {item.myWeight}
                    </span>
                  </span>
                  <MiniTally tally={item.tally} />
                  <span className="inbox-meta">
                    {item.myVote ? (
                      <Badge tone="violet">you voted {item.myVote}</Badge>
                    ) : (
                      <Badge tone="blue">needs your vote</Badge>
                    )}
                    <span className={`small ${hoursLeft < 4 ? 'text-red' : 'muted'}`}>
                      closes <time dateTime={item.deadline}>{relativeTime(item.deadline)}</time>
                    </span>
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
