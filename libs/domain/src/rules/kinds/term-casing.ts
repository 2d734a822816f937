import type { Hit } from '../hit';
import type { TermCasingRule } from '../rule-set';
import { wholeWordMatches } from '../word-boundary';
import { escapeRegExp, matchedAlternative, quote } from './text-search';

/**
 * Splits a brand name where a writer might wrongly add or drop a separator: at its spaces and hyphens
 * and where it changes from lower to upper case ("Git|Hub", "i|Phone").
 */
function variantPattern(term: string): string {
  return term
    .trim()
    .split(/[\s-]+|(?<=\p{Ll})(?=\p{Lu})/u)
    .map(escapeRegExp)
    .join(String.raw`(?:\s+|-)?`);
}

/** Whitespace runs count as one space, so a name wrapped across lines is still spelled right. */
function normalise(text: string): string {
  return text.replace(/\s+/gu, ' ');
}

/**
 * A name inside a host name, e-mail address or path ("quorate.io", "dev@quorate", "quorate/api") is an
 * identifier, not prose, and its case is not the writer's to choose.
 */
const NOT_AFTER = String.raw`(?<![./@\\])`;
const NOT_BEFORE = String.raw`(?![@/\\]|\.[\p{L}\p{N}])`;

/**
 * Lowercase and joined by a hyphen ("quorate-logo", "--quorate-blue") is how CSS classes, custom
 * properties and package names are written, so it is left alone too; "QuoRate-powered" is not.
 */
function isKebabIdentifier(text: string, start: number, end: number): boolean {
  const hyphenated =
    text[start - 1] === '-' || (text[end] === '-' && /[\p{L}\p{N}]/u.test(text[end + 1] ?? ''));
  const written = text.slice(start, end);
  return hyphenated && written === written.toLowerCase();
}

export function* termCasingHits(rule: TermCasingRule, text: string): Iterable<Hit> {
  const terms = [...rule.terms].sort((a, b) => b.length - a.length);
  const alternation = terms.map((t) => `(${variantPattern(t)})`).join('|');
  const regex = new RegExp(`${NOT_AFTER}(?:${alternation})${NOT_BEFORE}`, 'giu');
  for (const match of wholeWordMatches(regex, text)) {
    const term = terms[matchedAlternative(match)].trim();
    const [start, end] = [match.index, match.index + match[0].length];
    if (normalise(match[0]) === normalise(term) || isKebabIdentifier(text, start, end)) continue;
    yield { start, end, message: `${quote(match[0])} should be written ${quote(term)}` };
  }
}
