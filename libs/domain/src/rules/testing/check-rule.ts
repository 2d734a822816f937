import type { Finding, FindingLocation } from '../../finding';
import { runRules } from '../engine';
import type { Rule } from '../rule-set';
import { validateRuleSet } from '../validate-rule-set';

/** A rule's own parameters; the helpers below give it an id and a severity. */
export type RuleParams = Rule extends infer R ? (R extends Rule ? Omit<R, 'id' | 'severity'> : never) : never;

/**
 * Runs one rule through validation and the engine, as the worker would, so every example also proves
 * the rule is accepted as written. The rule's id is "r" and its severity "error".
 */
export function check(params: RuleParams, content: string | Uint8Array, mediaType = 'text/plain'): Finding[] {
  const validation = validateRuleSet({ rules: [{ id: 'r', severity: 'error', ...params }] });
  if (!validation.ok) throw new Error(`invalid rule in test: ${validation.problems.join('; ')}`);
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return runRules({ content: bytes, mediaType, ruleSet: validation.ruleSet });
}

/** [line, column, length] of each finding, for compact assertions. */
export function spans(findings: readonly Finding[]): Array<[number, number, number] | undefined> {
  return findings.map((f) =>
    f.location ? [f.location.line, f.location.column, f.location.length] : undefined,
  );
}

/**
 * The text a location points at, found by walking the text one code point at a time: an independent
 * check on the engine's line and column arithmetic.
 */
export function textAt(text: string, location: FindingLocation): string {
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < text.length && !(line === location.line && column === location.column)) {
    if (text.startsWith('\r\n', i) || text[i] === '\n' || text[i] === '\r') {
      i += text.startsWith('\r\n', i) ? 2 : 1;
      line++;
      column = 1;
    } else {
      i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      column++;
    }
  }
  if (line !== location.line || column !== location.column) throw new Error('location is outside the text');
  return Array.from(text.slice(i)).slice(0, location.length).join('');
}
