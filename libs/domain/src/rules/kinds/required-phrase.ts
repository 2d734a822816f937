import type { Hit } from '../hit';
import type { RequiredPhraseRule } from '../rule-set';
import { phrasePattern, quote } from './text-search';

export function* requiredPhraseHits(rule: RequiredPhraseRule, text: string): Iterable<Hit> {
  const regex = new RegExp(phrasePattern(rule.phrase), rule.caseSensitive ? 'u' : 'iu');
  if (!regex.test(text)) yield { message: `Required phrase ${quote(rule.phrase)} is missing` };
}
