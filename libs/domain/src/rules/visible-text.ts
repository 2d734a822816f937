import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';

/**
 * HTML as its readers see it: the text of the document with entities decoded ("Terms&nbsp;apply"
 * reads "Terms apply"), without comments, scripts, styles, templates or tags, and with a line break
 * where a block element starts or ends. An offset map leads every offset of that text back to the
 * source, so findings still point at the line and column an editor shows.
 *
 * htmlparser2's tokenizer visits each character a bounded number of times, so hostile markup costs
 * time linear in its length.
 */
export interface VisibleText {
  text: string;
  /** The source offset where the visible character at `offset` comes from. */
  sourceStart(offset: number): number;
  /** The source offset just after the visible character before `offset` (for span ends). */
  sourceEnd(offset: number): number;
}

/** Elements whose content no reader sees. */
const HIDDEN = new Set(['script', 'style', 'template']);

const BLOCK = new Set(
  (
    'address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure footer ' +
    'form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr td th ul'
  ).split(' '),
);

const ENTITY = /&(?:#\d{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)/g;

/** One stretch of visible text: copied verbatim from the source, or written for a source span. */
interface Piece {
  visibleStart: number;
  sourceStart: number;
  sourceEnd: number;
  verbatim: boolean;
}

export function visibleText(html: string): VisibleText {
  const out: string[] = [];
  const pieces: Piece[] = [];
  let length = 0;
  let hiddenDepth = 0;
  const openHidden: string[] = [];

  const emit = (text: string, sourceStart: number, sourceEnd: number, verbatim: boolean) => {
    if (text === '') return;
    pieces.push({ visibleStart: length, sourceStart, sourceEnd, verbatim });
    out.push(text);
    length += text.length;
  };
  const lineBreak = (at: number) => {
    if (out.length > 0 && !out[out.length - 1].endsWith('\n')) emit('\n', at, at, false);
  };

  const emitText = (raw: string, offset: number) => {
    let last = 0;
    for (const match of raw.matchAll(ENTITY)) {
      const decoded = decodeHTML(match[0]);
      if (decoded === match[0]) continue;
      emit(raw.slice(last, match.index), offset + last, offset + match.index, true);
      emit(decoded, offset + match.index, offset + match.index + match[0].length, false);
      last = match.index + match[0].length;
    }
    emit(raw.slice(last), offset + last, offset + raw.length, true);
  };

  const parser: Parser = new Parser(
    {
      onopentagname(name) {
        if (HIDDEN.has(name)) {
          hiddenDepth++;
          openHidden.push(name);
        }
        if (BLOCK.has(name)) lineBreak(parser.startIndex);
      },
      onclosetag(name) {
        if (HIDDEN.has(name) && openHidden.includes(name)) {
          openHidden.splice(openHidden.lastIndexOf(name), 1);
          hiddenDepth--;
        }
        if (BLOCK.has(name)) lineBreak(parser.startIndex);
      },
      ontext(data) {
        if (hiddenDepth === 0) emitText(data, parser.startIndex);
      },
    },
    { decodeEntities: false, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.end(html);

  const pieceAt = (offset: number): Piece | undefined => {
    let lo = 0;
    let hi = pieces.length - 1;
    if (hi < 0 || offset < pieces[0].visibleStart) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieces[mid].visibleStart <= offset) lo = mid;
      else hi = mid - 1;
    }
    return pieces[lo];
  };

  return {
    text: out.join(''),
    sourceStart(offset) {
      const piece = pieceAt(offset);
      if (!piece) return 0;
      if (offset >= length) return pieces[pieces.length - 1].sourceEnd;
      return piece.verbatim ? piece.sourceStart + (offset - piece.visibleStart) : piece.sourceStart;
    },
    sourceEnd(offset) {
      if (offset <= 0) return pieces[0]?.sourceStart ?? 0;
      const piece = pieceAt(offset - 1)!;
      return piece.verbatim ? piece.sourceStart + (offset - piece.visibleStart) : piece.sourceEnd;
    },
  };
}
