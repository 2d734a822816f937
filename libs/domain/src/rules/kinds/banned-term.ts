import type { Hit } from '../hit';
import type { BannedTermRule } from '../rule-set';
import { wholeWordMatches } from '../word-boundary';
import { matchedAlternative, phrasePattern, quote } from './text-search';

export function* bannedTermHits(rule: BannedTermRule, text: string): Iterable<Hit> {
  // Longest first: at one position the alternation takes the first alternative that fits.
  const terms = [...rule.terms].sort((a, b) => b.term.length - a.term.length);
  const alternation = terms.map((t) => `(${phrasePattern(t.term)})`).join('|');
  const regex = new RegExp(alternation, rule.caseSensitive ? 'gu' : 'giu');
  const matches = rule.wholeWord === false ? text.matchAll(regex) : wholeWordMatches(regex, text);
  for (const match of matches) {
    const { term, suggestion } = terms[matchedAlternative(match)];
    const advice = suggestion === undefined ? '' : `; use ${quote(suggestion)} instead`;
    yield {
      start: match.index,
      end: match.index + match[0].length,
      message: `Banned term ${quote(term)}${advice}`,
    };
  }
}
