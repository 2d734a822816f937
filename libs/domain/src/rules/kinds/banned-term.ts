import type { Hit } from '../hit';
import type { BannedTermRule } from '../rule-set';
import { matchedAlternative, phrasePattern, quote, wholeWord } from './text-search';

export function* bannedTermHits(rule: BannedTermRule, text: string): Iterable<Hit> {
  // Longest first: at one position the alternation takes the first alternative that fits.
  const terms = [...rule.terms].sort((a, b) => b.term.length - a.term.length);
  const alternation = terms.map((t) => `(${phrasePattern(t.term)})`).join('|');
  const source = rule.wholeWord === false ? alternation : wholeWord(alternation);
  const regex = new RegExp(source, rule.caseSensitive ? 'gu' : 'giu');
  for (const match of text.matchAll(regex)) {
    const { term, suggestion } = terms[matchedAlternative(match)];
    const advice = suggestion === undefined ? '' : `; use ${quote(suggestion)} instead`;
    yield {
      start: match.index,
      end: match.index + match[0].length,
      message: `Banned term ${quote(term)}${advice}`,
    };
  }
}
