import type { Severity } from '../finding';

/** A brand rule set: the JSON an admin stores per asset class, as validateRuleSet accepts it. */
export interface RuleSet {
  rules: readonly Rule[];
}

export type Rule =
  | BannedTermRule
  | RequiredPhraseRule
  | TermCasingRule
  | MaxLengthRule
  | MinLengthRule
  | PatternRule
  | LinkDomainsRule
  | PiiRule
  | SecretsRule
  | MediaTypeRule
  | MaxBytesRule
  | PaletteRule
  | ImageDimensionsRule;

export type RuleKind = Rule['kind'];

interface RuleBase {
  /** Names the rule in findings: letters, digits, ".", "_" and "-". */
  id: string;
  severity: Severity;
  /**
   * Limits the rule to content of these media types ("text/html") or top-level types ("image/*");
   * absent, the rule applies to every type.
   */
  mediaTypes?: readonly string[];
}

/** Whether a media range ("image/png", "image/*") admits a media type essence. */
export function mediaRangeAdmits(range: string, essence: string): boolean {
  const entry = range.toLowerCase();
  return entry.endsWith('/*') ? essence.startsWith(entry.slice(0, -1)) : essence === entry;
}

/** Whether the rule is to be evaluated on content of this media type essence. */
export function appliesTo(rule: Rule, essence: string): boolean {
  return rule.mediaTypes === undefined || rule.mediaTypes.some((range) => mediaRangeAdmits(range, essence));
}

export interface BannedTerm {
  term: string;
  /** Offered in the finding's message as the word to use instead. */
  suggestion?: string;
}

/**
 * Whitespace inside a term or phrase matches any run of whitespace, line breaks included. Whole-word
 * matching follows Unicode's word boundaries (see word-boundary.ts): a term written against Chinese,
 * Japanese or Thai characters stands alone, one inside a longer Latin or Cyrillic word does not.
 */
export interface BannedTermRule extends RuleBase {
  kind: 'banned-term';
  terms: readonly BannedTerm[];
  /** Default false. */
  caseSensitive?: boolean;
  /** Default true: "art" does not match inside "start". */
  wholeWord?: boolean;
}

/** The phrase must appear as whole words ("Terms apply" is not found in "Terms applying"). */
export interface RequiredPhraseRule extends RuleBase {
  kind: 'required-phrase';
  phrase: string;
  /** Default false. */
  caseSensitive?: boolean;
}

/**
 * Brand names that must be written exactly: a match ignoring case ("QuoRate"), or one that adds or drops
 * a space or hyphen where the name changes case or has a space ("Git Hub", "Github"), is a finding.
 */
export interface TermCasingRule extends RuleBase {
  kind: 'term-casing';
  terms: readonly string[];
}

/** Lengths count Unicode code points. */
export interface MaxLengthRule extends RuleBase {
  kind: 'max-length';
  max: number;
}

export interface MinLengthRule extends RuleBase {
  kind: 'min-length';
  min: number;
}

/** RE2 syntax; matching takes time linear in the text, whatever the pattern. */
export interface PatternRule extends RuleBase {
  kind: 'pattern';
  pattern: string;
  /** true: the text must contain a match. false: every match is a finding. */
  mustMatch: boolean;
  /** Any of "i" (ignore case), "m" (^ and $ match at line breaks), "s" ("." matches line breaks). */
  flags?: string;
  /** Shown in each finding. */
  message: string;
}

/**
 * Links (absolute, protocol-relative in markup, or bare "www.") must point to these hosts or their
 * subdomains. A URL ends at whitespace, full-width punctuation or CJK letters; XML namespaces, schema
 * locations, RDF identifiers and doctypes name things and are not links.
 */
export interface LinkDomainsRule extends RuleBase {
  kind: 'link-domains';
  domains: readonly string[];
}

export type PiiKind = 'email' | 'phone';

export interface PiiRule extends RuleBase {
  kind: 'pii';
  kinds: readonly PiiKind[];
}

export const SECRET_KINDS = [
  'aws-access-key-id',
  'aws-secret-access-key',
  'github-token',
  'slack-token',
  'stripe-key',
  'google-api-key',
  'quorate-api-key',
  'private-key',
  'credential-assignment',
  'url-password',
] as const;

export type SecretKind = (typeof SECRET_KINDS)[number];

export interface SecretsRule extends RuleBase {
  kind: 'secrets';
  /** Default: all of SECRET_KINDS. */
  kinds?: readonly SecretKind[];
}

/** Entries are media types ("image/png") or a whole top-level type ("image/*"). */
export interface MediaTypeRule extends RuleBase {
  kind: 'media-type';
  allowed: readonly string[];
}

export interface MaxBytesRule extends RuleBase {
  kind: 'max-bytes';
  max: number;
}

/** Colours in SVG, CSS, HTML and HTML inside Markdown must be one of these: hex ("#1a2b3c", "#abc") or CSS colour names. */
export interface PaletteRule extends RuleBase {
  kind: 'palette';
  colors: readonly string[];
  /** Named in findings ("the palette \"Brand 2026\""); default: the rule's id. */
  name?: string;
}

/** Bounds in pixels, inclusive, for PNG, JPEG, GIF and SVG; at least one is given. */
export interface ImageDimensionsRule extends RuleBase {
  kind: 'image-dimensions';
  minWidth?: number;
  maxWidth?: number;
  minHeight?: number;
  maxHeight?: number;
}
