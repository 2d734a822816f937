/**
 * A forgiving, single-pass reader of HTML and SVG start tags: enough to find attribute values and
 * style sheets with their offsets, without building a tree. Every character is visited a bounded
 * number of times, so hostile markup cannot make it slow.
 */

export interface MarkupAttribute {
  /** Lowercased. */
  name: string;
  /** As written, entities not decoded. */
  value: string;
  /** Offset of the value's first character in the text. */
  valueStart: number;
}

export interface MarkupTag {
  /** Lowercased, namespace prefix kept ("svg:svg"). */
  name: string;
  attributes: MarkupAttribute[];
}

/** The text content of a style element, read as CSS. */
export interface StyleSheet {
  css: string;
  start: number;
}

export interface MarkupVisitor {
  tag?(tag: MarkupTag): void;
  /** A "<!DOCTYPE ...>" or other "<!...>" declaration, as the span [start, end) of the text. */
  declaration?(start: number, end: number): void;
  styleSheet?(sheet: StyleSheet): void;
}

/** Elements whose content is raw text: tags inside them are not tags. */
const RAW_TEXT_END: ReadonlyMap<string, RegExp> = new Map([
  ['style', /<\/style[\s>/]/gi],
  ['script', /<\/script[\s>/]/gi],
]);

export function scanMarkup(text: string, visitor: MarkupVisitor): void {
  let i = 0;
  while ((i = text.indexOf('<', i)) >= 0) {
    if (text.startsWith('<!--', i)) {
      i = indexAfter(text, '-->', i + 4);
    } else if (text.startsWith('<![CDATA[', i)) {
      i = indexAfter(text, ']]>', i + 9);
    } else if (/^<[!?/]/.test(text.slice(i, i + 2))) {
      const end = indexAfter(text, '>', i + 2);
      if (text[i + 1] === '!') visitor.declaration?.(i, end);
      i = end;
    } else if (/^<[a-zA-Z]/.test(text.slice(i, i + 2))) {
      const { tag, end, selfClosing } = readTag(text, i + 1);
      visitor.tag?.(tag);
      i = end;
      const rawEnd = RAW_TEXT_END.get(tag.name);
      if (rawEnd && !selfClosing) {
        rawEnd.lastIndex = i;
        const close = rawEnd.exec(text);
        const contentEnd = close ? close.index : text.length;
        if (tag.name === 'style') visitor.styleSheet?.({ css: text.slice(i, contentEnd), start: i });
        i = contentEnd;
      }
    } else {
      i++;
    }
  }
}

function indexAfter(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? text.length : at + needle.length;
}

const NAME = /[^\s"'>/=]+/y;
const SPACE = /\s*/y;

function readTag(text: string, nameStart: number): { tag: MarkupTag; end: number; selfClosing: boolean } {
  let i = nameStart;
  const name = matchAt(NAME, text, i) ?? '';
  i += name.length;
  const attributes: MarkupAttribute[] = [];
  let selfClosing = false;
  while (i < text.length) {
    i += (matchAt(SPACE, text, i) ?? '').length;
    const c = text[i];
    if (c === '>') return { tag: { name: name.toLowerCase(), attributes }, end: i + 1, selfClosing };
    if (c === '/') {
      selfClosing = true;
      i++;
      continue;
    }
    selfClosing = false;
    const attrName = matchAt(NAME, text, i);
    if (attrName === undefined) {
      // A stray quote or "=": step over it rather than stall.
      i++;
      continue;
    }
    i += attrName.length;
    const afterName = i + (matchAt(SPACE, text, i) ?? '').length;
    if (text[afterName] !== '=') {
      attributes.push({ name: attrName.toLowerCase(), value: '', valueStart: i });
      continue;
    }
    i = afterName + 1;
    i += (matchAt(SPACE, text, i) ?? '').length;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, i + 1);
      const valueEnd = close < 0 ? text.length : close;
      attributes.push({
        name: attrName.toLowerCase(),
        value: text.slice(i + 1, valueEnd),
        valueStart: i + 1,
      });
      i = valueEnd + 1;
    } else {
      const value = matchAt(/[^\s>]*/y, text, i) ?? '';
      attributes.push({ name: attrName.toLowerCase(), value, valueStart: i });
      i += value.length;
    }
  }
  return { tag: { name: name.toLowerCase(), attributes }, end: text.length, selfClosing };
}

function matchAt(sticky: RegExp, text: string, at: number): string | undefined {
  sticky.lastIndex = at;
  return sticky.exec(text)?.[0] || undefined;
}
