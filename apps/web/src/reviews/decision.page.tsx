import { useEffect, useState } from 'react';
import { api, get } from '../api/http.client';
import type { AssetView, DecisionView, VersionView } from '../api/api.types';
import { useSession } from '../auth/session.store';
import { linkProps } from '../router.hook';
import { useAsync } from '../ui/async.hook';
import { Badge, Card, ErrorNote, Loading, PageHeader, relativeTime, StatusBadge } from '../ui/kit.view';
import { AssetPreview, FindingsList, type LoadedContent } from './asset-preview.view';
import { kindOf } from './code-lines.render';
import { Explanation, Provenance, Voters } from './decision-details.view';
import { QuorumBar } from './quorum-bar.view';
import { VotePanel } from './vote-panel.view';

/** Polling every two seconds keeps the quorum bar live while others vote. */
const LIVE_MS = 2000;

async function loadContent(assetId: string, version: VersionView): Promise<LoadedContent> {
  const blob = await api<Blob>('GET', `/v1/assets/${assetId}/versions/${version.version}/content`, {
    as: 'blob',
  });
  const kind = kindOf(version.mediaType);
  const textual = kind !== 'image' && kind !== 'binary';
  return {
    blob: new Blob([blob], { type: version.mediaType }),
    text: textual ? await blob.text() : undefined,
  };
}

export function DecisionPage({ decisionId }: { decisionId: string }) {
  const me = useSession()!.me;
  const [open, setOpen] = useState(true);
  const decision = useAsync(
    () => get<DecisionView>(`/v1/decisions/${decisionId}`),
    [decisionId],
    open ? LIVE_MS : undefined,
  );
  const [latest, setLatest] = useState<DecisionView>();
  const d =
    latest && decision.data && latest.votes.length > decision.data.votes.length ? latest : decision.data;
  useEffect(
    () => setOpen(decision.data?.state !== undefined ? decision.data.state === 'open' : true),
    [decision.data?.state],
  );

  const assetId = d?.assetId;
  const versionNo = d?.version;
  const asset = useAsync(async () => {
    if (!assetId || !versionNo) return undefined;
    const view = await get<AssetView>(`/v1/assets/${assetId}`);
    const version = view.versions.find((v) => v.version === versionNo)!;
    const prev = view.versions.find((v) => v.version === versionNo - 1);
    const [content, previous] = await Promise.all([
      loadContent(assetId, version),
      prev ? loadContent(assetId, prev).then((c) => ({ version: prev, content: c })) : undefined,
    ]);
    return { view, version, content, previous };
  }, [assetId, versionNo]);

  if (!d) return decision.error ? <ErrorNote error={decision.error} /> : <Loading />;
  const a = asset.data;
  const errors = a?.version.findings.filter((f) => f.severity === 'error').length ?? 0;
  const warnings = a?.version.findings.filter((f) => f.severity === 'warning').length ?? 0;

  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <a {...linkProps('/inbox')}>Inbox</a> <span aria-hidden="true">/</span>{' '}
        <span>{a?.view.title ?? 'Review'}</span>
      </nav>
      <PageHeader
        title={a?.view.title ?? 'Review'}
        subtitle={
          <>
            {a?.view.classKey} · version {d.version} · policy v{d.policy.version} ·{' '}
            {d.state === 'open' ? (
              <>
                closes <time dateTime={d.deadline}>{relativeTime(d.deadline)}</time>
              </>
            ) : (
              <>closed {d.closedAt ? relativeTime(d.closedAt) : ''}</>
            )}
          </>
        }
        actions={<StatusBadge status={d.state} />}
      />
      <div className="review-grid">
        <div className="review-main">
          <Card
            title="Asset"
            aside={
              a && (
                <span className="row-gap">
                  {errors > 0 && <Badge tone="red">{errors} errors</Badge>}
                  {warnings > 0 && <Badge tone="amber">{warnings} warnings</Badge>}
                  <Badge>{a.version.mediaType}</Badge>
                </span>
              )
            }
          >
            <ErrorNote error={asset.error} />
            {a ? (
              <AssetPreview version={a.version} content={a.content} previous={a.previous} />
            ) : (
              !asset.error && <Loading label="Loading the asset" />
            )}
          </Card>
          {d.state !== 'open' && d.state !== 'superseded' && (
            <Card title="Why it was decided">
              <Explanation decision={d} />
            </Card>
          )}
          {a && (
            <Card title="Findings">
              <FindingsList findings={a.version.findings} />
            </Card>
          )}
        </div>
        <div className="review-side">
          <Card title="Vote">
            <VotePanel decision={d} myId={me.userId} onVoted={setLatest} />
          </Card>
          <Card
            title="Quorum"
            aside={
              <span className="live small muted" aria-hidden="true">
                {d.state === 'open' ? '● live' : ''}
              </span>
            }
          >
            <QuorumBar decision={d} />
          </Card>
          <Card title="Voters">
            <Voters decision={d} />
          </Card>
          {a && (
            <Card title="Provenance">
              <Provenance version={a.version} previous={a.previous?.version} />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
