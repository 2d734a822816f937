import type { Hit } from '../hit';
import type { RequiredPhraseRule } from '../rule-set';
import { wholeWordMatches } from '../word-boundary';
import { phrasePattern, quote } from './text-search';

export function* requiredPhraseHits(rule: RequiredPhraseRule, text: string): Iterable<Hit> {
  const regex = new RegExp(phrasePattern(rule.phrase), rule.caseSensitive ? 'gu' : 'giu');
  const found = !wholeWordMatches(regex, text)[Symbol.iterator]().next().done;
  if (!found) yield { message: `Required phrase ${quote(rule.phrase)} is missing` };
}
