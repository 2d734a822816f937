import { useMemo } from 'react';
import type { Finding } from '../api/api.types';
import { highlightLines, kindOf, markedLine } from './code-lines.render';

/** The content line by line, each finding shown under the line it points at. */
export function SourceLines(props: { text: string; mediaType: string; findings: Finding[] }) {
  const { text, mediaType, findings } = props;
  const plain = kindOf(mediaType) === 'plain';
  const byLine = useMemo(() => {
    const map = new Map<number, Finding[]>();
    for (const f of findings)
      if (f.location) map.set(f.location.line, [...(map.get(f.location.line) ?? []), f]);
    return map;
  }, [findings]);
  const lines = useMemo(() => {
    if (!plain) return highlightLines(text, mediaType);
    return text.split('\n').map((line, i) =>
      markedLine(
        line,
        (byLine.get(i + 1) ?? []).map((f) => ({
          column: f.location!.column,
          length: f.location!.length,
          severity: f.severity,
        })),
      ),
    );
  }, [text, mediaType, plain, byLine]);

  return (
    <div className="source hljs" role="region" aria-label="Source with findings" tabIndex={0}>
      {lines.map((html, i) => {
        const here = byLine.get(i + 1) ?? [];
        const worst = here.some((f) => f.severity === 'error') ? 'error' : here.length ? 'warning' : '';
        return (
          <div key={i} id={`L${i + 1}`} className={`src-row ${worst ? `src-${worst}` : ''}`}>
            <div className="src-line">
              <span className="src-no" aria-hidden="true">
                {i + 1}
              </span>
              <code dangerouslySetInnerHTML={{ __html: html || ' ' }} />
            </div>
            {here.map((f, j) => (
              <div key={j} className={`src-finding finding-${f.severity}`}>
                <span className="finding-icon" aria-hidden="true">
                  {f.severity === 'error' ? '✕' : '!'}
                </span>
                <span>
                  <span className="visually-hidden">
                    {f.severity} on line {i + 1}:{' '}
                  </span>
                  {f.message} <span className="rule-id">{f.ruleId}</span>
                </span>
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}
