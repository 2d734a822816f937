import type { Finding } from '../finding';
import type { Hit } from './hit';
import { bannedTermHits } from './kinds/banned-term';
import { imageDimensionHits } from './kinds/image-dimensions';
import { maxLengthHits, minLengthHits } from './kinds/length';
import { linkDomainHits } from './kinds/link-domains';
import { maxBytesHits, mediaTypeHits } from './kinds/media-type';
import { paletteHits } from './kinds/palette';
import { patternHits } from './kinds/pattern';
import { piiHits } from './kinds/pii';
import { requiredPhraseHits } from './kinds/required-phrase';
import { secretHits } from './kinds/secrets';
import { termCasingHits } from './kinds/term-casing';
import { createLocator, type Locator } from './location';
import { isTextual, mediaTypeEssence } from './media-type';
import type { Rule, RuleSet } from './rule-set';

export interface RunRulesInput {
  content: Uint8Array;
  /** As declared by the submitter; parameters such as charset are ignored. */
  mediaType: string;
  ruleSet: RuleSet;
}

/**
 * Beyond this many, a rule's findings are summed up in one more finding: a document that repeats a
 * banned term ten thousand times needs one fix, not ten thousand rows.
 */
export const MAX_FINDINGS_PER_RULE = 100;

interface Content {
  bytes: Uint8Array;
  mediaType: string;
  /** The UTF-8 text, for textual media types only; a byte order mark is dropped. */
  text: string | undefined;
}

/**
 * Evaluates every rule against the content. A rule that fails to evaluate becomes an error finding,
 * so a broken rule blocks the version instead of letting it through. Findings without a location come
 * first, then the rest by line and column.
 */
export function runRules({ content, mediaType, ruleSet }: RunRulesInput): Finding[] {
  const essence = mediaTypeEssence(mediaType);
  const text = isTextual(essence) ? new TextDecoder('utf-8').decode(content) : undefined;
  const subject: Content = { bytes: content, mediaType: essence, text };
  let locator: Locator | undefined;
  const locate = (start: number, end: number) => (locator ??= createLocator(text ?? '')).span(start, end);

  const findings: Finding[] = [];
  for (const rule of ruleSet.rules) {
    try {
      findings.push(...collect(rule, evaluate(rule, subject), locate));
    } catch (error) {
      findings.push(crashed(rule, error));
    }
  }
  return findings.sort(byPosition);
}

function collect(rule: Rule, hits: Iterable<Hit>, locate: Locator['span']): Finding[] {
  const findings: Finding[] = [];
  let unlisted = 0;
  for (const hit of hits) {
    if (findings.length === MAX_FINDINGS_PER_RULE) {
      unlisted++;
      continue;
    }
    const finding: Finding = { ruleId: rule.id, severity: rule.severity, message: hit.message };
    if (hit.start !== undefined) finding.location = locate(hit.start, hit.end ?? hit.start);
    findings.push(finding);
  }
  if (unlisted > 0) {
    const more = unlisted === 1 ? '1 more finding' : `${unlisted} more findings`;
    findings.push({ ruleId: rule.id, severity: rule.severity, message: `${more} of this rule not listed` });
  }
  return findings;
}

function evaluate(rule: Rule, { bytes, mediaType, text }: Content): Iterable<Hit> {
  // Binary content has no text for textual rules to read.
  const onText = (read: (text: string) => Iterable<Hit>) => (text === undefined ? [] : read(text));
  switch (rule.kind) {
    case 'media-type':
      return mediaTypeHits(rule, mediaType);
    case 'max-bytes':
      return maxBytesHits(rule, bytes);
    case 'image-dimensions':
      return imageDimensionHits(rule, bytes, mediaType);
    case 'banned-term':
      return onText((t) => bannedTermHits(rule, t));
    case 'required-phrase':
      return onText((t) => requiredPhraseHits(rule, t));
    case 'term-casing':
      return onText((t) => termCasingHits(rule, t));
    case 'max-length':
      return onText((t) => maxLengthHits(rule, t));
    case 'min-length':
      return onText((t) => minLengthHits(rule, t));
    case 'pattern':
      return onText((t) => patternHits(rule, t));
    case 'link-domains':
      return onText((t) => linkDomainHits(rule, t));
    case 'pii':
      return onText((t) => piiHits(rule, t));
    case 'secrets':
      return onText((t) => secretHits(rule, t));
    case 'palette':
      return onText((t) => paletteHits(rule, t, mediaType));
    default:
      // A kind this build does not know, say from a newer rule set: fail closed.
      throw new Error(`unknown rule kind "${String((rule as { kind: unknown }).kind)}"`);
  }
}

function crashed(rule: Rule, error: unknown): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    ruleId: `rule.${rule.id}.crashed`,
    severity: 'error',
    message: `rule "${rule.id}" could not be evaluated: ${reason.slice(0, 300)}`,
  };
}

function byPosition(a: Finding, b: Finding): number {
  if (!a.location || !b.location) return (a.location ? 1 : 0) - (b.location ? 1 : 0);
  return a.location.line - b.location.line || a.location.column - b.location.column;
}
