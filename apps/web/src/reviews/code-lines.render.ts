import hljs from 'highlight.js/lib/common';

/** Media types shown as a document rather than as source. */
export type ContentKind = 'markdown' | 'html' | 'svg' | 'image' | 'plain' | 'code' | 'binary';

export function kindOf(mediaType: string): ContentKind {
  const essence = mediaType.split(';')[0].trim().toLowerCase();
  if (essence === 'text/markdown') return 'markdown';
  if (essence === 'text/html' || essence === 'application/xhtml+xml') return 'html';
  if (essence === 'image/svg+xml') return 'svg';
  if (essence.startsWith('image/')) return 'image';
  if (essence === 'text/plain') return 'plain';
  if (
    essence.startsWith('text/') ||
    /^application\/(json|javascript|typescript|x-[\w.+-]+|sql|xml|yaml|toml)$/.test(essence) ||
    /\+(json|xml|yaml)$/.test(essence)
  )
    return 'code';
  return 'binary';
}

const LANGUAGES: Record<string, string> = {
  javascript: 'javascript',
  'x-javascript': 'javascript',
  ecmascript: 'javascript',
  typescript: 'typescript',
  'x-typescript': 'typescript',
  json: 'json',
  'x-python': 'python',
  'x-python-script': 'python',
  'x-java': 'java',
  'x-java-source': 'java',
  'x-go': 'go',
  'x-rust': 'rust',
  'x-c': 'c',
  'x-c++': 'cpp',
  'x-csharp': 'csharp',
  'x-ruby': 'ruby',
  'x-php': 'php',
  'x-sh': 'bash',
  'x-shellscript': 'bash',
  css: 'css',
  xml: 'xml',
  yaml: 'yaml',
  'x-yaml': 'yaml',
  sql: 'sql',
  'x-sql': 'sql',
  'x-kotlin': 'kotlin',
  'x-swift': 'swift',
  html: 'xml',
  markdown: 'markdown',
};

export function languageOf(mediaType: string): string | undefined {
  const essence = mediaType.split(';')[0].trim().toLowerCase();
  const subtype = essence.split('/')[1] ?? '';
  const suffix = subtype.match(/\+(json|xml|yaml)$/)?.[1];
  return LANGUAGES[subtype] ?? suffix;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Highlighted HTML, one string per source line. Tokens that span lines (block comments, template
 * strings) have their spans closed at each line end and reopened on the next, so every line is
 * well-formed on its own and findings can sit between lines.
 */
export function highlightLines(text: string, mediaType: string): string[] {
  const language = languageOf(mediaType);
  const html =
    language && hljs.getLanguage(language)
      ? hljs.highlight(text, { language, ignoreIllegals: true }).value
      : escapeHtml(text);
  const lines: string[] = [];
  const open: string[] = [];
  let line = '';
  for (const part of html.split(/(<span[^>]*>|<\/span>|\n)/)) {
    if (part === '\n') {
      lines.push(line + '</span>'.repeat(open.length));
      line = open.join('');
    } else if (part.startsWith('<span')) {
      open.push(part);
      line += part;
    } else if (part === '</span>') {
      open.pop();
      line += part;
    } else line += part;
  }
  lines.push(line);
  return lines;
}

/** A plain line with the finding's columns (1-based, in code points) wrapped in a mark. */
export function markedLine(
  line: string,
  marks: { column: number; length: number; severity: string }[],
): string {
  const chars = Array.from(line);
  const sorted = [...marks].sort((a, b) => a.column - b.column);
  let out = '';
  let at = 0;
  for (const m of sorted) {
    const start = Math.max(m.column - 1, at);
    const end = Math.min(start + Math.max(m.length, 1), chars.length);
    if (start >= chars.length) break;
    out += escapeHtml(chars.slice(at, start).join(''));
    out += `<mark class="mark-${m.severity}">${escapeHtml(chars.slice(start, end).join(''))}</mark>`;
    at = end;
  }
  return out + escapeHtml(chars.slice(at).join(''));
}
