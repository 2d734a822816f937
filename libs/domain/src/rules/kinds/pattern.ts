import { RE2JS } from 're2js';
import type { Hit } from '../hit';
import type { PatternRule } from '../rule-set';

/**
 * RE2 matches in time linear in the text, but the constant grows with the compiled program. These
 * bounds keep the constant small: on this stack the JavaScript port runs "(a+)+$" over 5 MB in about
 * 2.5 s and "\bTODO\b" (ignoring case) in about 1.3 s, so pattern rules read the whole content up to
 * MAX_CONTENT_BYTES, and the run's time bound (RULE_TIMEOUT_MS) stops a rule set that would not finish.
 */
export const MAX_PATTERN_SOURCE_LENGTH = 2_000;
export const MAX_PATTERN_PROGRAM_SIZE = 5_000;

const FLAG_BITS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/** Compiles under RE2 syntax and the bounds above, or throws an Error whose message says what to change. */
export function compilePattern(pattern: string, flags = ''): RE2JS {
  if (pattern.length > MAX_PATTERN_SOURCE_LENGTH) {
    throw new Error(
      `pattern is ${pattern.length} characters long; the maximum is ${MAX_PATTERN_SOURCE_LENGTH}`,
    );
  }
  let bits = 0;
  for (const flag of flags) {
    if (!Object.hasOwn(FLAG_BITS, flag))
      throw new Error(`unknown flag "${flag}"; flags are any of "i", "m", "s"`);
    bits |= FLAG_BITS[flag];
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, bits);
  } catch (error) {
    throw new Error(explainSyntaxError(pattern, error));
  }
  const programSize = compiled.matcher('').programSize();
  if (programSize > MAX_PATTERN_PROGRAM_SIZE) {
    throw new Error(
      `pattern compiles to ${programSize} instructions; the maximum is ${MAX_PATTERN_PROGRAM_SIZE} (reduce repeat counts)`,
    );
  }
  return compiled;
}

function explainSyntaxError(pattern: string, error: unknown): string {
  if (/\(\?<?[=!]/.test(pattern)) {
    return 'RE2 syntax has no lookahead or lookbehind ("(?=", "(?!", "(?<=", "(?<!"); match the context instead';
  }
  if (/\\[1-9]|\\k</.test(pattern)) {
    return 'RE2 syntax has no backreferences ("\\1", "\\k<name>"); spell out the repeated text instead';
  }
  const detail =
    error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
  return `not a valid RE2 pattern: ${detail}`;
}

export function* patternHits(rule: PatternRule, text: string): Iterable<Hit> {
  const matcher = compilePattern(rule.pattern, rule.flags).matcher(text);
  if (rule.mustMatch) {
    if (!matcher.find()) yield { message: rule.message };
    return;
  }
  while (matcher.find()) yield { start: matcher.start(), end: matcher.end(), message: rule.message };
}
