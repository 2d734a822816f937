/**
 * Word boundaries after Unicode's default rules (UAX #29, word boundaries), as far as they decide
 * whether a term stands alone: letters and digits of alphabetic scripts join each other (WB5, WB8-10),
 * Katakana joins Katakana (WB13), Hangul joins Hangul (as in ICU, so "Quorate는" ends at the
 * particle), "_" joins all of these (WB13a-b), and combining marks and format
 * characters belong to the character before them (WB4). Ideographs, Hiragana and the scripts written
 * without spaces (Thai, Lao, Khmer, Myanmar) join nothing, so "使用Quorate管理" has a boundary on both
 * sides of "Quorate". The rules that keep "can't" or "3.5" whole (WB6-7, WB11-12) are left out on
 * purpose: "synergy's" contains the banned "synergy".
 *
 * Intl.Segmenter implements the same rules (with dictionaries for CJK and Thai), but segmenting
 * 200,000 characters takes it close to a minute on this stack, so it serves as the oracle in the tests
 * and each question here is answered from the two code points around the position, in constant time.
 */

type WordClass = 'letter' | 'katakana' | 'hangul' | 'connector' | 'none';

const EXTEND = /^[\p{M}\p{Cf}]$/u;
/** Characters UAX #29 breaks around everywhere (WB999), though they are letters. */
const UNJOINED =
  /^[\p{Ideographic}\p{Script=Hiragana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;
const KATAKANA = /^[\p{Script=Katakana}\u3031-\u3035\u309B\u309C\u30A0\u30FC]$/u;
const HANGUL = /^\p{Script=Hangul}$/u;
const LETTER = /^[\p{L}\p{N}]$/u;
const CONNECTOR = /^\p{Pc}$/u;

/** How many combining marks to look through for their base; more than this is not text anyone wrote. */
const MAX_EXTEND_RUN = 32;

function classify(char: string): WordClass {
  if (KATAKANA.test(char)) return 'katakana';
  if (UNJOINED.test(char)) return 'none';
  if (HANGUL.test(char)) return 'hangul';
  if (LETTER.test(char)) return 'letter';
  return CONNECTOR.test(char) ? 'connector' : 'none';
}

function charAt(text: string, at: number): string {
  return String.fromCodePoint(text.codePointAt(at)!);
}

/** The code point that ends just before `at`. */
function charBefore(text: string, at: number): [string, number] {
  const low = text.charCodeAt(at - 1);
  const start =
    at >= 2 && (low & 0xfc00) === 0xdc00 && (text.charCodeAt(at - 2) & 0xfc00) === 0xd800 ? at - 2 : at - 1;
  return [charAt(text, start), start];
}

/** Whether a word boundary lies between text[at - 1] and text[at] (string offsets, UTF-16). */
export function isWordBoundary(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return true;
  const after = charAt(text, at);
  let [before, start] = charBefore(text, at);
  if (EXTEND.test(after)) return before === '\n' || before === '\r';
  for (let steps = 0; EXTEND.test(before) && start > 0 && steps < MAX_EXTEND_RUN; steps++) {
    [before, start] = charBefore(text, start);
  }
  return !joins(classify(before), classify(after));
}

function joins(a: WordClass, b: WordClass): boolean {
  if (a === 'none' || b === 'none') return false;
  if (a === 'hangul' || b === 'hangul') return a === b;
  if (a === 'connector' || b === 'connector') return true;
  return a === b;
}

/**
 * Runs that hold no boundary, each as the class of the character that starts it and a sticky
 * expression for the rest: letters, digits and "_" of the scripts that join; Katakana; Hangul.
 * Marks and format characters belong to the run they follow.
 */
const NOT_JOINING = String.raw`\p{Ideographic}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}`;
const JOINED_RUNS: ReadonlyArray<[RegExp, RegExp]> = [
  [
    new RegExp(String.raw`^(?![${NOT_JOINING}])[\p{L}\p{N}\p{Pc}]$`, 'u'),
    new RegExp(String.raw`(?:(?![${NOT_JOINING}])[\p{L}\p{N}\p{Pc}\p{M}\p{Cf}])*`, 'uy'),
  ],
  [KATAKANA, /[\p{Script=Katakana}\u3031-\u3035\u309B\u309C\u30A0\u30FC\p{M}\p{Cf}]*/uy],
  [HANGUL, /[\p{Script=Hangul}\p{M}\p{Cf}]*/uy],
];

/** Where the run of joined characters that continues at `at` ends, or `at` when none does. */
function endOfJoinedRun(text: string, at: number): number {
  const [before] = charBefore(text, at);
  for (const [starts, run] of JOINED_RUNS) {
    if (!starts.test(before)) continue;
    run.lastIndex = at;
    run.exec(text);
    return run.lastIndex;
  }
  return at;
}

/**
 * The first word boundary at or after `from`. A run of joined characters is skipped in one step, so
 * every position is looked at once at most, which keeps a term like "aa" on megabytes of "a" linear.
 */
function nextBoundary(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    const runEnd = at > 0 ? endOfJoinedRun(text, at) : at;
    if (runEnd > at) {
      at = runEnd;
      continue;
    }
    if (isWordBoundary(text, at)) return at;
    at += (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
  }
  return text.length;
}

/**
 * Matches of a global RegExp that start and end at word boundaries. A match that does not start at
 * one is retried from the next boundary, since no whole word starts in between; one that does not
 * end at one is retried one code point later, so "art" is still found in "smart art".
 */
export function* wholeWordMatches(regex: RegExp, text: string): Iterable<RegExpExecArray> {
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    const step = (text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    if (!isWordBoundary(text, start)) {
      regex.lastIndex = nextBoundary(text, start + step);
    } else if (end > start && isWordBoundary(text, end)) {
      yield match;
      regex.lastIndex = end;
    } else {
      regex.lastIndex = start + step;
    }
  }
}
