import { useState } from 'react';
import { api, get } from '../api/http.client';
import type { AssetSummary, ProvenanceBundle } from '../api/api.types';
import { useAsync } from '../ui/async.hook';
import { useFormAction } from '../ui/form-action.hook';
import {
  Badge,
  Card,
  ErrorNote,
  Field,
  Loading,
  Notice,
  PageHeader,
  Progress,
  shortHash,
} from '../ui/kit.view';
import { hexOfBase64, kindOfEnvelope, runAudit, type AuditProgress } from './ledger-audit.client';

export function LedgerPage() {
  const checkpoint = useAsync(() => api<string>('GET', '/v1/ledger/checkpoint', { as: 'text' }), []);
  const [origin, size, root] = (checkpoint.data ?? '').split('\n');
  return (
    <>
      <PageHeader
        title="Ledger"
        subtitle="The tamper-evident record of every step, and the proofs behind it"
      />
      <div className="grid-2">
        <Card title="Latest checkpoint" aside={<Badge tone="green">signed</Badge>}>
          <ErrorNote error={checkpoint.error} />
          {!checkpoint.data && <Loading />}
          {checkpoint.data && (
            <>
              <dl className="props">
                <div>
                  <dt>Log</dt>
                  <dd>{origin}</dd>
                </div>
                <div>
                  <dt>Entries</dt>
                  <dd>{Number(size).toLocaleString()}</dd>
                </div>
                <div>
                  <dt>Root hash</dt>
                  <dd title={root}>
                    <code>{shortHash(hexOfBase64(root ?? ''))}</code>
                  </dd>
                </div>
              </dl>
              <details>
                <summary>Signed note</summary>
                <pre className="note">{checkpoint.data}</pre>
              </details>
            </>
          )}
        </Card>
        <Audit onDone={checkpoint.reload} />
      </div>
      <Proofs />
    </>
  );
}

function Audit({ onDone }: { onDone: () => void }) {
  const [progress, setProgress] = useState<AuditProgress>();
  const action = useFormAction();
  const running = progress !== undefined && progress.phase !== 'done';
  const start = () => void action.run(() => runAudit(setProgress).then(onDone));
  const report = progress?.report;
  return (
    <Card title="Audit">
      <p className="muted small">
        Recomputes every leaf hash in this browser, then the tree and every checkpoint on the server.
      </p>
      <button type="button" className="btn btn-primary" onClick={start} disabled={running}>
        {running ? 'Auditing…' : 'Run audit'}
      </button>
      {progress && (
        <div className="audit-progress" aria-live="polite">
          <Progress value={progress.checked} max={Math.max(progress.size, 1)} label="Entries checked" />
          <p className="small muted">
            {progress.phase === 'reading'
              ? 'Reading and hashing entries…'
              : progress.phase === 'server'
                ? 'Server is recomputing the tree…'
                : 'Finished.'}
          </p>
        </div>
      )}
      <ErrorNote error={action.error} />
      {report &&
        (report.ok && progress?.mismatches.length === 0 ? (
          <Notice tone="success">
            All {report.entriesChecked.toLocaleString()} entries and every checkpoint verify. Root{' '}
            {shortHash(report.rootHash)}.
          </Notice>
        ) : (
          <div className="alert alert-error" role="alert">
            The ledger does not verify
            {report.firstBadIndex !== null && report.firstBadIndex !== undefined
              ? `: first bad index ${report.firstBadIndex}`
              : ''}
            .
            {(report.problems ?? []).slice(0, 5).map((p, i) => (
              <div key={i} className="small">
                {p.problem}
              </div>
            ))}
          </div>
        ))}
    </Card>
  );
}

function Proofs() {
  const assets = useAsync(() => get<{ items: AssetSummary[] }>('/v1/assets?limit=50'), []);
  const [assetId, setAssetId] = useState('');
  const [version, setVersion] = useState('1');
  const [bundle, setBundle] = useState<ProvenanceBundle>();
  const action = useFormAction();
  const items = assets.data?.items ?? [];
  const chosen = items.find((a) => a.id === assetId) ?? items[0];

  const load = () => {
    if (!chosen) return;
    setBundle(undefined);
    void action.run(async () =>
      setBundle(await get<ProvenanceBundle>(`/v1/assets/${chosen.id}/versions/${version}/provenance`)),
    );
  };
  const download = () => {
    if (!bundle) return;
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = `${bundle.assetId}-v${bundle.versionNumber}.bundle.json`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Card title="Asset proofs">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <Field label="Asset">
          {(id) => (
            <select id={id} value={chosen?.id ?? ''} onChange={(e) => setAssetId(e.target.value)}>
              {items.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title} ({a.status.replace(/_/g, ' ')})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Version">
          {(id) => (
            <select id={id} value={version} onChange={(e) => setVersion(e.target.value)}>
              {Array.from({ length: chosen?.currentVersion ?? 1 }, (_, i) => (
                <option key={i} value={i + 1}>
                  v{i + 1}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="btn btn-secondary" disabled={!chosen}>
          Show proofs
        </button>
      </form>
      <ErrorNote error={action.error} />
      {bundle && (
        <>
          <p className="small muted">
            Content {shortHash(bundle.contentSha256)} · {bundle.entries.length} entries, each with an
            inclusion proof against the checkpoint.{' '}
            <button type="button" className="btn btn-ghost btn-small" onClick={download}>
              Download bundle
            </button>
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Index</th>
                <th scope="col">Event</th>
                <th scope="col">Leaf hash</th>
                <th scope="col">Proof</th>
              </tr>
            </thead>
            <tbody>
              {bundle.entries.map((e) => (
                <tr key={e.index}>
                  <td>{e.index}</td>
                  <td>
                    <code>{kindOfEnvelope(e.envelope)}</code>
                  </td>
                  <td>
                    <code>{shortHash(e.leafHash)}</code>
                  </td>
                  <td>{e.inclusionProof.length} hashes</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small muted">
            Verify it offline: <code>npx quorate verify bundle.json --key ledger.vkey</code>
          </p>
        </>
      )}
    </Card>
  );
}
