import { useEffect, useState } from 'react';
import type { Finding, VersionView } from '../api/api.types';
import { kindOf } from './code-lines.render';
import { PreviewFrame } from './preview-frame.view';
import { SourceLines } from './source-lines.view';
import { VersionDiff } from './version-diff.view';

export interface LoadedContent {
  blob: Blob;
  text?: string;
}

type Tab = 'preview' | 'source' | 'changes';

/** The asset as a reviewer needs it: rendered, as source with findings at their lines, and as a diff. */
export function AssetPreview(props: {
  version: VersionView;
  content: LoadedContent;
  previous?: { version: VersionView; content: LoadedContent };
}) {
  const { version, content, previous } = props;
  const kind = kindOf(version.mediaType);
  const textual = content.text !== undefined;
  const located = version.findings.some((f) => f.location);
  const hasPreview = kind === 'markdown' || kind === 'html' || kind === 'svg' || kind === 'image';
  const tabs: { id: Tab; label: string }[] = [
    ...(hasPreview ? [{ id: 'preview' as const, label: 'Preview' }] : []),
    ...(textual
      ? [
          {
            id: 'source' as const,
            label: located
              ? `Source · ${version.findings.filter((f) => f.location).length} findings`
              : 'Source',
          },
        ]
      : []),
    ...(previous ? [{ id: 'changes' as const, label: `Changes from v${previous.version.version}` }] : []),
  ];
  const [tab, setTab] = useState<Tab>(located && textual ? 'source' : (tabs[0]?.id ?? 'preview'));

  return (
    <div className="preview">
      {tabs.length > 1 && (
        <div
          className="tabs"
          role="tablist"
          aria-label="How to show the asset"
          onKeyDown={(event) => {
            // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
            const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
            if (!step) return;
            const next = tabs[(tabs.findIndex((t) => t.id === tab) + step + tabs.length) % tabs.length];
            setTab(next.id);
            document.getElementById(`tab-${next.id}`)?.focus();
          }}
        >
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={tab === t.id}
              tabIndex={tab === t.id ? 0 : -1}
              aria-controls="asset-panel"
              className={`tab ${tab === t.id ? 'active' : ''}`}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
      <div id="asset-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="preview-body">
        {tab === 'preview' && <Rendered kind={kind} content={content} />}
        {tab === 'source' && content.text !== undefined && (
          <SourceLines text={content.text} mediaType={version.mediaType} findings={version.findings} />
        )}
        {tab === 'changes' && previous && <VersionDiff before={previous} after={{ version, content }} />}
        {tabs.length === 0 && <p className="muted">This media type ({version.mediaType}) has no preview.</p>}
      </div>
    </div>
  );
}

function Rendered({ kind, content }: { kind: string; content: LoadedContent }) {
  // Raster images are pixels, shown as they are; markup of any kind goes into the sandboxed frame.
  const url = useObjectUrl(kind === 'image' ? content.blob : undefined);
  if ((kind === 'markdown' || kind === 'html' || kind === 'svg') && content.text !== undefined)
    return <PreviewFrame kind={kind} text={content.text} />;
  if (url) return <img className="image-preview" src={url} alt="Asset preview" />;
  return null;
}

export function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return;
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  return url;
}

export function FindingsList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <p className="muted">No findings: every check passed.</p>;
  return (
    <ul className="findings">
      {findings.map((f, i) => (
        <li key={i} className={`finding finding-${f.severity}`}>
          <span className="finding-icon" aria-hidden="true">
            {f.severity === 'error' ? '✕' : '!'}
          </span>
          <div>
            <div>
              <span className="visually-hidden">{f.severity}: </span>
              {f.message}
            </div>
            <div className="small muted">
              <span className="rule-id">{f.ruleId}</span>
              {f.location && (
                <>
                  {' · '}
                  <a href={`#L${f.location.line}`}>
                    line {f.location.line}, column {f.location.column}
                  </a>
                </>
              )}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
