import type { Hit } from '../hit';
import { codePointLength } from '../location';
import type { MaxLengthRule, MinLengthRule } from '../rule-set';

/** The finding covers the excess, so an editor highlights what has to go. */
export function* maxLengthHits(rule: MaxLengthRule, text: string): Iterable<Hit> {
  const length = codePointLength(text);
  if (length <= rule.max) return;
  yield {
    start: offsetOfCodePoint(text, rule.max),
    end: text.length,
    message: `Text is ${length} characters long; the maximum is ${rule.max}`,
  };
}

export function* minLengthHits(rule: MinLengthRule, text: string): Iterable<Hit> {
  const length = codePointLength(text);
  if (length < rule.min) yield { message: `Text is ${length} characters long; the minimum is ${rule.min}` };
}

/** The string offset at which the code point with this 0-based index starts. */
function offsetOfCodePoint(text: string, index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += (text.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
  return offset;
}
