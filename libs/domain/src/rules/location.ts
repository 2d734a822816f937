import type { FindingLocation } from '../finding';

/**
 * Positions are 1-based and count Unicode code points, so an emoji before a finding moves its column
 * by one, as editors show it. Lines end at "\n", "\r\n" or a lone "\r"; the terminator belongs to the
 * line it ends. Offsets into the text are JavaScript string indexes (UTF-16 code units).
 */
export interface Position {
  line: number;
  column: number;
}

export interface Locator {
  locate(offset: number): Position;
  /** The location of text[start, end), its length in code points. */
  span(start: number, end: number): FindingLocation;
}

export function locate(text: string, offset: number): Position {
  return createLocator(text).locate(offset);
}

export function codePointLength(text: string, start = 0, end = text.length): number {
  return countCodePoints(text, start, start, end);
}

/**
 * Index the line starts once, then answer many queries. Findings arrive mostly in offset order, so the
 * locator remembers its last answer and counts on from there instead of rescanning a long line (a
 * minified file is one line): queries in order cost O(length of text) in total.
 */
export function createLocator(text: string): Locator {
  const lineStarts = indexLineStarts(text);
  let last = { offset: 0, line: 1, column: 1 };

  const locateOffset = (offset: number): Position => {
    if (!Number.isInteger(offset) || offset < 0 || offset > text.length) {
      throw new RangeError(`offset ${offset} is outside the text (length ${text.length})`);
    }
    const line = lineOf(lineStarts, offset);
    const lineStart = lineStarts[line - 1];
    const column =
      line === last.line && offset >= last.offset
        ? last.column + countCodePoints(text, lineStart, last.offset, offset)
        : 1 + countCodePoints(text, lineStart, lineStart, offset);
    last = { offset, line, column };
    return { line, column };
  };

  return {
    locate: locateOffset,
    span(start, end) {
      if (end < start) throw new RangeError(`span end ${end} is before its start ${start}`);
      const { line, column } = locateOffset(start);
      return { line, column, length: codePointLength(text, start, end) };
    },
  };
}

function indexLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) starts.push(i + 1);
    else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) starts.push(i + 1);
  }
  return starts;
}

/** 1-based number of the line holding offset: the last line start at or before it. */
function lineOf(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * Code points in text[from, to). A low surrogate is not counted when its high surrogate sits at or after
 * `floor`, so counting a line in two pieces split inside a pair gives the same total as counting it whole.
 */
function countCodePoints(text: string, floor: number, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const isLow = (text.charCodeAt(i) & 0xfc00) === 0xdc00;
    const followsHigh = i > floor && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800;
    if (!(isLow && followsHigh)) count++;
  }
  return count;
}
