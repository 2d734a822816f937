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
import { isTextual, mediaTypeEssence, sniffMediaType } from './media-type';
import { appliesTo, type Rule, type RuleSet } from './rule-set';
import { visibleText, type VisibleText } from './visible-text';

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
  /**
   * The UTF-8 text, for textual media types whose bytes are text; a byte order mark is dropped. A PNG
   * declared as SVG has none: its mismatch is the content check's finding, and text rules reading its
   * bytes would only add noise.
   */
  text: string | undefined;
  /** What readers see of HTML, and of HTML inside Markdown; computed on first use. */
  visible: () => VisibleText | undefined;
}

/** Types whose markup is rendered, so that word and length rules read the visible text. */
const RENDERED_MARKUP = new Set(['text/html', 'application/xhtml+xml', 'text/markdown']);

/** Rules about the copy a reader reads; the others judge what is shipped, hidden parts included. */
const READS_VISIBLE_TEXT = new Set<Rule['kind']>([
  'banned-term',
  'required-phrase',
  'term-casing',
  'max-length',
  'min-length',
]);

/**
 * Evaluates every rule that applies to the media type against the content. A rule that fails to
 * evaluate becomes an error finding, so a broken rule blocks the version instead of letting it
 * through. Where detectors of different kinds report the same span, only the most specific finding
 * is kept (see dropOverlaps). Findings without a location come first, then the rest by line and column.
 */
export function runRules({ content, mediaType, ruleSet }: RunRulesInput): Finding[] {
  const essence = mediaTypeEssence(mediaType);
  const text =
    isTextual(essence) && readsAsText(content) ? new TextDecoder('utf-8').decode(content) : undefined;
  let visible: VisibleText | undefined;
  const subject: Content = {
    bytes: content,
    mediaType: essence,
    text,
    visible: () =>
      text !== undefined && RENDERED_MARKUP.has(essence) ? (visible ??= visibleText(text)) : undefined,
  };
  let locator: Locator | undefined;
  const locate = (start: number, end: number) => (locator ??= createLocator(text ?? '')).span(start, end);

  const rules = ruleSet.rules.filter((rule) => appliesTo(rule, essence));
  // Detectors that may overlap are evaluated first, in full, so that overlaps can be dropped; the
  // others stream their hits, so a rule that matches millions of times holds only what is listed.
  const ranked = dropOverlaps(
    rules.filter((rule) => SPECIFICITY[rule.kind] !== undefined).map((rule) => evaluateFully(rule, subject)),
  );
  const findings: Finding[] = [];
  for (const rule of rules) {
    try {
      const hits = ranked.get(rule) ?? evaluate(rule, subject);
      if (hits instanceof Error) throw hits;
      findings.push(...collect(rule, hits, locate));
    } catch (error) {
      findings.push(crashed(rule, error));
    }
  }
  return findings.sort(byPosition);
}

function evaluateFully(rule: Rule, subject: Content): { rule: Rule; hits: Hit[] | Error } {
  try {
    return { rule, hits: [...evaluate(rule, subject)] };
  } catch (error) {
    return { rule, hits: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** Binary image signatures, or NUL bytes, mean the declared textual type is not what was sent. */
function readsAsText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  const sniffed = sniffMediaType(bytes.subarray(0, 16));
  return sniffed !== 'image/png' && sniffed !== 'image/jpeg' && sniffed !== 'image/gif';
}

/**
 * Detectors ranked from the most specific: a Slack webhook URL is a secret before it is a link, and
 * a password in a URL is a secret before it is anything else. A finding of a lower rank that overlaps
 * one of a higher rank is dropped, unless it is the more severe of the two.
 */
const SPECIFICITY: Partial<Record<Rule['kind'], number>> = { secrets: 0, pii: 1, 'link-domains': 2 };
const SEVERITY_RANK = { warning: 0, error: 1 } as const;

function dropOverlaps(evaluated: Array<{ rule: Rule; hits: Hit[] | Error }>): Map<Rule, Hit[] | Error> {
  const kept = new Map<Rule, Hit[] | Error>();
  for (const { rule, hits } of evaluated) {
    const rank = SPECIFICITY[rule.kind]!;
    const covered = evaluated
      .filter(
        (other) =>
          SPECIFICITY[other.rule.kind]! < rank &&
          SEVERITY_RANK[other.rule.severity] >= SEVERITY_RANK[rule.severity],
      )
      .flatMap((other) => (other.hits instanceof Error ? [] : other.hits.filter(hasSpan)))
      .sort((a, b) => a.start - b.start);
    const unchanged = hits instanceof Error || covered.length === 0;
    kept.set(rule, unchanged ? hits : hits.filter((hit) => !hasSpan(hit) || !overlapsAny(hit, covered)));
  }
  return kept;
}

function hasSpan(hit: Hit): hit is Required<Hit> {
  return hit.start !== undefined && hit.end !== undefined;
}

/**
 * `spans` sorted by start; a binary search finds the last one starting before the hit ends, and the
 * few before it are checked for reaching into the hit. Detectors' spans rarely nest, and the bound
 * keeps a hostile document from making this quadratic.
 */
function overlapsAny(hit: Required<Hit>, spans: ReadonlyArray<Required<Hit>>): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < hit.end) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && lo - i <= 64; i--) if (spans[i].end > hit.start) return true;
  return false;
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

function evaluate(rule: Rule, { bytes, mediaType, text, visible }: Content): Iterable<Hit> {
  // Binary content has no text for textual rules to read.
  const onText = (read: (text: string) => Iterable<Hit>) => {
    if (text === undefined) return [];
    const rendered = READS_VISIBLE_TEXT.has(rule.kind) ? visible() : undefined;
    return rendered ? inSource(read(rendered.text), rendered) : read(text);
  };
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

/** Hits on the visible text, moved to the source spans they were read from. */
function* inSource(hits: Iterable<Hit>, rendered: VisibleText): Iterable<Hit> {
  for (const hit of hits) {
    if (hit.start === undefined) {
      yield hit;
      continue;
    }
    const end = hit.end ?? hit.start;
    yield {
      ...hit,
      start: rendered.sourceStart(hit.start),
      end: Math.max(rendered.sourceStart(hit.start), rendered.sourceEnd(end)),
    };
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
