import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * The document a sandboxed preview frame shows. Content under review is hostile: the frame (no scripts,
 * no same origin, no forms, no navigation) and the policy below are the boundary. The rewriting here
 * only makes what the boundary stops visible — a blocked image becomes a marker naming its host — and
 * keeps the frame passive (no links to follow, nothing to tab to).
 */
export type PreviewKind = 'html' | 'markdown' | 'svg';

export interface BlockedResource {
  what: 'image' | 'stylesheet' | 'font' | 'media' | 'resource';
  host: string;
}

export interface PreviewDocument {
  srcdoc: string;
  /** Every outside resource the content asked for and did not get, once per kind and host. */
  blocked: BlockedResource[];
}

/** Inline styles and `data:` images only: nothing in the frame may reach the network. */
export const FRAME_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  'media-src data: blob:',
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

const FORBID_TAGS = [
  ...['form', 'meta', 'link', 'base', 'iframe', 'frame', 'object', 'embed', 'portal', 'animate', 'set'],
  // A declarative shadow root would come alive when the frame parses the markup, past this rewrite.
  'template',
  // Raw-text elements whose content could parse differently once the frame reads the markup again.
  ...['noscript', 'xmp', 'noembed', 'noframes', 'plaintext'],
];
const FORBID_ATTR = ['tabindex', 'autofocus', 'contenteditable', 'accesskey', 'formaction', 'action', 'ping'];

export function previewDocument(kind: PreviewKind, text: string): PreviewDocument {
  const markup = kind === 'markdown' ? marked.parse(text, { async: false }) : text;
  const body = DOMPurify.sanitize(markup, {
    RETURN_DOM: true,
    // Keeps a document's leading <style> elements, which the parser would otherwise hoist into a head
    // that DOMPurify drops.
    FORCE_BODY: true,
    FORBID_TAGS,
    FORBID_ATTR,
    ...(kind === 'svg' ? { USE_PROFILES: { svg: true, svgFilters: true } } : {}),
  });
  const blocked = new Blocked();
  for (const style of Array.from(body.querySelectorAll('style')))
    style.textContent = cleanCss(style.textContent ?? '', blocked);
  for (const element of Array.from(body.querySelectorAll('*'))) passive(element, blocked);

  const list = blocked.list();
  const notice = list.length
    ? `<p role="note" style="${MARKER_STYLE}display:block!important;margin:0 0 12px!important">` +
      `Not loaded in this preview: ${escapeHtml(describeBlocked(list))}</p>`
    : '';
  const srcdoc =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<style>${BASE_STYLES[kind]}</style></head><body>${notice}${body.innerHTML}</body></html>`;
  return { srcdoc, blocked: list };
}

/** "image from a.example, font from b.example" */
export function describeBlocked(blocked: BlockedResource[]): string {
  return blocked.map((b) => `${b.what} from ${b.host}`).join(', ');
}

class Blocked {
  private readonly seen = new Map<string, BlockedResource>();

  add(what: BlockedResource['what'], url: string): string {
    const host = hostOf(url);
    this.seen.set(`${what} ${host}`, { what, host });
    return host;
  }

  list(): BlockedResource[] {
    return [...this.seen.values()];
  }
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url.trim(), document.baseURI);
    return parsed.host || parsed.protocol.replace(/:$/, '');
  } catch {
    return 'an unreadable address';
  }
}

const isData = (url: string) => /^\s*data:/i.test(url);
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Rewrites one element so it loads nothing, links nowhere and takes no focus. */
function passive(element: Element, blocked: Blocked): void {
  const name = element.localName;
  const svg = element.namespaceURI === SVG_NS;

  if (name === 'img' && !svg) {
    const src = element.getAttribute('src') ?? '';
    const srcset = element.getAttribute('srcset')?.trim().split(/\s+/)[0];
    if (srcset) {
      blocked.add('image', srcset);
      element.removeAttribute('srcset');
    }
    if (!src && !srcset) return element.remove();
    if (!isData(src)) {
      const host = blocked.add('image', src || srcset!);
      return element.replaceWith(marker(element.ownerDocument, `Image from ${host} not loaded`));
    }
  }
  if ((name === 'video' || name === 'audio') && !svg) {
    const sources = [element, ...Array.from(element.querySelectorAll('source, track'))]
      .flatMap((e) => [e.getAttribute('src'), e.getAttribute('poster')])
      .filter((u): u is string => !!u && !isData(u));
    if (sources.length) {
      const hosts = sources.map((u) => blocked.add('media', u));
      return element.replaceWith(
        marker(element.ownerDocument, `${name === 'video' ? 'Video' : 'Audio'} from ${hosts[0]} not loaded`),
      );
    }
  }
  if (name === 'image' && svg) {
    const href = element.getAttribute('href') ?? element.getAttribute('xlink:href') ?? '';
    if (!isData(href)) return element.replaceWith(svgMarker(element, blocked.add('image', href)));
  }

  for (const { name: attribute, value } of Array.from(element.attributes)) {
    if (attribute === 'style') {
      const declarations = (element as HTMLElement | SVGElement).style?.cssText ?? '';
      element.setAttribute('style', cleanUrls(declarations, 'image', blocked));
    } else if (attribute === 'href' || attribute === 'xlink:href') {
      if (name === 'a' || name === 'area') {
        element.removeAttribute(attribute);
        element.setAttribute('title', `Link to ${hostOf(value)} (links do not open from a preview)`);
      } else if (!value.trim().startsWith('#')) {
        // An SVG <use>, <feImage>, pattern or gradient pointing outside the document.
        blocked.add(name === 'feImage' ? 'image' : 'resource', value);
        element.removeAttribute(attribute);
      }
    } else if (['src', 'poster', 'background', 'srcset', 'lowsrc', 'dynsrc', 'data'].includes(attribute)) {
      if (!isData(value)) {
        blocked.add('image', value);
        element.removeAttribute(attribute);
      }
    } else if (/url\s*\(/i.test(value) && !/url\s*\(\s*['"]?#/i.test(value)) {
      // SVG presentation attributes (fill, filter, mask, clip-path, marker-*) that name another document.
      blocked.add('resource', value.replace(/^.*?url\s*\(\s*['"]?([^'")]*).*$/is, '$1'));
      element.removeAttribute(attribute);
    }
  }
  if (['input', 'button', 'select', 'textarea', 'option', 'optgroup', 'fieldset'].includes(name)) {
    element.setAttribute('disabled', '');
    element.setAttribute('tabindex', '-1');
  }
  if (name === 'summary') element.setAttribute('tabindex', '-1');
}

/**
 * Style sheet text with @import rules dropped and every url() outside `data:` replaced by `none`, which
 * leaves the declaration invalid (fonts) or empty (backgrounds). The browser's own parser reads the
 * text, so escapes and comments cannot disguise a url() from the rewrite; @import is read from the raw
 * text only to name its host, since a constructed sheet ignores @import rules. `</` is escaped so that no
 * string in the sheet can close the <style> element when the frame parses the document.
 */
function cleanCss(text: string, blocked: Blocked): string {
  for (const match of text.matchAll(/@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)/gi))
    blocked.add('stylesheet', match[1]);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return Array.from(sheet.cssRules)
    .map((rule) => cleanUrls(rule.cssText, rule instanceof CSSFontFaceRule ? 'font' : 'image', blocked))
    .join('\n')
    .replace(/<\//g, '\\3c /');
}

/**
 * Serialised CSS writes url("…") with " and \ escaped; custom properties keep the author's own spelling,
 * quoted either way or not at all.
 */
function cleanUrls(css: string, what: BlockedResource['what'], blocked: Blocked): string {
  return css.replace(
    /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)'"\s]*))\s*\)/gi,
    (whole, double?: string, single?: string, bare?: string) => {
      const url = (double ?? single ?? bare ?? '').replace(/\\(.)/g, '$1');
      if (isData(url)) return whole;
      blocked.add(what, url);
      return 'none';
    },
  );
}

// Inline and !important, so the content's own styles cannot restyle a marker away.
const MARKER_STYLE =
  'all:initial!important;display:inline-block!important;visibility:visible!important;opacity:1!important;' +
  'font:13px/1.4 system-ui,sans-serif!important;color:#7c2d12!important;background:#fff7ed!important;' +
  'border:1px dashed #c2410c!important;border-radius:4px!important;padding:4px 8px!important;';

function marker(document: Document, label: string): HTMLElement {
  const element = document.createElement('span');
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', label);
  element.setAttribute('class', 'blocked-resource');
  element.setAttribute('style', MARKER_STYLE);
  element.textContent = label;
  return element;
}

function svgMarker(image: Element, host: string): Element {
  const document = image.ownerDocument;
  const group = document.createElementNS(SVG_NS, 'g');
  group.setAttribute('role', 'img');
  group.setAttribute('aria-label', `Image from ${host} not loaded`);
  group.setAttribute('class', 'blocked-resource');
  const box = document.createElementNS(SVG_NS, 'rect');
  const label = document.createElementNS(SVG_NS, 'text');
  const x = Number(image.getAttribute('x')) || 0;
  const y = Number(image.getAttribute('y')) || 0;
  for (const [key, value] of Object.entries({
    x,
    y,
    width: image.getAttribute('width') || 200,
    height: image.getAttribute('height') || 40,
    fill: '#fff7ed',
    stroke: '#c2410c',
    'stroke-dasharray': 4,
  }))
    box.setAttribute(key, String(value));
  for (const [key, value] of Object.entries({ x: x + 8, y: y + 20, 'font-size': 13, fill: '#7c2d12' }))
    label.setAttribute(key, String(value));
  label.setAttribute('style', 'font-family:system-ui,sans-serif');
  label.textContent = `Image from ${host} not loaded`;
  group.append(box, label);
  return group;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Defaults the content's own styles come after, so a page looks as its author made it. */
const BASE_STYLES: Record<PreviewKind, string> = {
  html: 'body{margin:12px;font-family:system-ui,sans-serif}img,svg{max-width:100%}',
  markdown:
    'body{margin:12px 16px;max-width:72ch;font:15px/1.65 system-ui,sans-serif;color:#1f2433}' +
    'img{max-width:100%}pre{overflow:auto;background:#f5f7fb;padding:8px}code{font-size:.9em}',
  svg:
    'body{margin:0;padding:12px;display:flex;flex-direction:column;align-items:center;' +
    'background:repeating-conic-gradient(#f1f3f8 0% 25%,#fff 0% 50%) 50%/20px 20px}svg{max-width:100%;height:auto}',
};
