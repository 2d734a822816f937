import { diffLines } from 'diff';
import { useMemo } from 'react';
import type { VersionView } from '../api/api.types';
import { shortHash } from '../ui/kit.view';
import { useObjectUrl, type LoadedContent } from './asset-preview.view';

interface Side {
  version: VersionView;
  content: LoadedContent;
}

export function VersionDiff({ before, after }: { before: Side; after: Side }) {
  if (before.version.sha256 === after.version.sha256)
    return (
      <p className="muted">
        The content is unchanged since version {before.version.version}: only its metadata changed.
      </p>
    );
  if (before.content.text === undefined || after.content.text === undefined)
    return <ImageDiff before={before} after={after} />;
  return <TextDiff before={before.content.text} after={after.content.text} />;
}

function TextDiff({ before, after }: { before: string; after: string }) {
  const rows = useMemo(() => {
    const out: { sign: '+' | '-' | ' '; text: string; old?: number; neu?: number }[] = [];
    let o = 1;
    let n = 1;
    for (const part of diffLines(before, after)) {
      const lines = part.value.replace(/\n$/, '').split('\n');
      for (const text of lines) {
        if (part.added) out.push({ sign: '+', text, neu: n++ });
        else if (part.removed) out.push({ sign: '-', text, old: o++ });
        else out.push({ sign: ' ', text, old: o++, neu: n++ });
      }
    }
    return out;
  }, [before, after]);
  const added = rows.filter((r) => r.sign === '+').length;
  const removed = rows.filter((r) => r.sign === '-').length;
  return (
    <div>
      <p className="small">
        <span className="text-green">+{added} added</span> ·{' '}
        <span className="text-red">−{removed} removed</span>
      </p>
      <div className="source diff" role="region" aria-label="Changes" tabIndex={0}>
        {rows.map((r, i) => (
          <div
            key={i}
            className={`diff-row ${r.sign === '+' ? 'diff-add' : r.sign === '-' ? 'diff-del' : ''}`}
          >
            <span className="src-no" aria-hidden="true">
              {r.old ?? ''}
            </span>
            <span className="src-no" aria-hidden="true">
              {r.neu ?? ''}
            </span>
            <span className="diff-sign">
              {r.sign === ' ' ? (
                ''
              ) : (
                <span className="visually-hidden">{r.sign === '+' ? 'added' : 'removed'}</span>
              )}
              <span aria-hidden="true">{r.sign}</span>
            </span>
            <code>{r.text || ' '}</code>
          </div>
        ))}
      </div>
    </div>
  );
}

function ImageDiff({ before, after }: { before: Side; after: Side }) {
  const a = useObjectUrl(before.content.blob);
  const b = useObjectUrl(after.content.blob);
  return (
    <div className="image-diff">
      {[
        [before, a],
        [after, b],
      ].map(([side, url]) => {
        const s = side as Side;
        return (
          <figure key={s.version.version}>
            {url && <img src={url as string} alt={`Version ${s.version.version}`} />}
            <figcaption className="small muted">
              v{s.version.version} · {shortHash(s.version.sha256)}
            </figcaption>
          </figure>
        );
      })}
    </div>
  );
}
