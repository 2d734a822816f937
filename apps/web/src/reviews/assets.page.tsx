import { get } from '../api/http.client';
import type { AssetSummary } from '../api/api.types';
import { useAsync } from '../ui/async.hook';
import { Empty, ErrorNote, Loading, PageHeader, relativeTime, StatusBadge } from '../ui/kit.view';

/** Every asset, newest first, with where it stands. */
export function AssetsPage() {
  const assets = useAsync(() => get<{ items: AssetSummary[] }>('/v1/assets?limit=100'), []);
  const items = assets.data?.items ?? [];
  return (
    <>
      <PageHeader title="Assets" subtitle="Everything bots have submitted, newest first" />
      <ErrorNote error={assets.error} />
      {!assets.data && <Loading />}
      {assets.data && items.length === 0 && <Empty>No assets yet.</Empty>}
      {items.length > 0 && (
        <table className="table card">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Class</th>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>{a.title}</td>
                <td>{a.classKey}</td>
                <td>v{a.currentVersion}</td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td className="muted">{relativeTime(a.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
