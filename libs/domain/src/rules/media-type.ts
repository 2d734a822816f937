/** The "type/subtype" part of a media type, lowercased and without parameters such as charset. */
export function mediaTypeEssence(mediaType: string): string {
  return mediaType.split(';', 1)[0].trim().toLowerCase();
}

/** Source code and data formats registered, or commonly sent, under application/. */
const TEXTUAL_APPLICATION_TYPES = new Set(
  [
    'javascript ecmascript x-javascript typescript x-typescript json x-ndjson xml yaml x-yaml toml sql',
    'graphql x-sh x-python x-python-code x-ruby x-httpd-php x-tex',
  ]
    .join(' ')
    .split(' ')
    .map((subtype) => `application/${subtype}`),
);

/** Whether content of this media type is UTF-8 text that textual rules can read. */
export function isTextual(mediaType: string): boolean {
  const essence = mediaTypeEssence(mediaType);
  return (
    essence.startsWith('text/') ||
    essence === 'image/svg+xml' ||
    TEXTUAL_APPLICATION_TYPES.has(essence) ||
    (essence.startsWith('application/') && /\+(json|xml|yaml)$/.test(essence))
  );
}

export type SniffedMediaType =
  | 'image/png'
  | 'image/jpeg'
  | 'image/gif'
  | 'image/svg+xml'
  | 'text/html'
  | 'text'
  | 'application/octet-stream';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * What the bytes are, judged by their content alone: magic numbers for binary images, the first
 * element for SVG and HTML, else text when the bytes are valid UTF-8 without NUL.
 */
export function sniffMediaType(bytes: Uint8Array): SniffedMediaType {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) &&
    (bytes[4] === 0x37 || bytes[4] === 0x39) &&
    bytes[5] === 0x61
  ) {
    return 'image/gif';
  }
  const text = decodeStrictUtf8(bytes);
  if (text === undefined || text.includes('\0')) return 'application/octet-stream';
  const element = firstElementName(text);
  if (element === 'svg' || element?.endsWith(':svg')) return 'image/svg+xml';
  if (element !== undefined && HTML_SNIFF_ELEMENTS.has(element)) return 'text/html';
  return 'text';
}

/** The elements the WHATWG MIME Sniffing standard takes as a sign of HTML. */
const HTML_SNIFF_ELEMENTS = new Set([
  '!doctype html',
  'html',
  'head',
  'script',
  'iframe',
  'h1',
  'div',
  'font',
  'table',
  'a',
  'style',
  'title',
  'b',
  'body',
  'br',
  'p',
]);

/**
 * Whether a declared media type is plausible for what the bytes turned out to be. Markdown may open
 * with inline HTML (a centred logo is common), so it agrees with HTML; SVG must be declared as SVG,
 * or palette and dimension rules would be sidestepped by calling it something else.
 */
export function mediaTypeAgrees(declared: string, sniffed: SniffedMediaType): boolean {
  const essence = mediaTypeEssence(declared);
  switch (sniffed) {
    case 'image/png':
    case 'image/gif':
      return essence === sniffed;
    case 'image/jpeg':
      return essence === 'image/jpeg' || essence === 'image/jpg' || essence === 'image/pjpeg';
    case 'image/svg+xml':
      return essence === 'image/svg+xml';
    case 'text/html':
      return essence === 'text/html' || essence === 'application/xhtml+xml' || essence === 'text/markdown';
    case 'text':
      return isTextual(essence) && essence !== 'image/svg+xml';
    case 'application/octet-stream':
      return !isTextual(essence) && !SNIFFABLE_TYPES.has(essence);
  }
}

/** Types that sniffing recognises, so bytes that sniff as none of them cannot be one. */
const SNIFFABLE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/pjpeg', 'image/gif']);

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

function decodeStrictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The lowercased name of the first element after a prologue of whitespace, an XML declaration,
 * processing instructions, comments and any doctype but HTML's, which reads as "!doctype html".
 */
function firstElementName(text: string): string | undefined {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('<?', i)) {
      i = skipPast(text, i, '?>');
    } else if (text.startsWith('<!--', i)) {
      i = skipPast(text, i + 4, '-->');
    } else {
      const doctype = /^<!doctype\s+(\w+)/i.exec(text.slice(i, i + 64));
      if (!doctype) break;
      if (doctype[1].toLowerCase() === 'html') return '!doctype html';
      i = skipDoctype(text, i);
    }
    if (i < 0) return undefined;
  }
  const tag = /^<([a-zA-Z][\w:-]*)(?=[\s/>])/.exec(text.slice(i, i + 64));
  return tag ? tag[1].toLowerCase() : undefined;
}

/** An internal subset in brackets may hold a ">" of its own. */
function skipDoctype(text: string, from: number): number {
  const close = text.indexOf('>', from);
  if (close < 0) return -1;
  if (!text.slice(from, close).includes('[')) return close + 1;
  const subsetEnd = skipPast(text, from, ']');
  return subsetEnd < 0 ? -1 : skipPast(text, subsetEnd, '>');
}

function skipPast(text: string, from: number, end: string): number {
  const at = text.indexOf(end, from);
  return at < 0 ? -1 : at + end.length;
}
