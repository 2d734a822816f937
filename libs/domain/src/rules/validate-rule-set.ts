import type { Severity } from '../finding';
import { paletteEntryToRgb } from './kinds/colours';
import { normaliseHost } from './kinds/link-domains';
import { compilePattern, MAX_PATTERN_SOURCE_LENGTH } from './kinds/pattern';
import { SECRET_KINDS, type BannedTerm, type Rule, type RuleKind, type RuleSet } from './rule-set';

export type RuleSetValidation = { ok: true; ruleSet: RuleSet } | { ok: false; problems: string[] };

/** Bounds on admin input, so that no rule set is too large to compile or to show. */
export const RULE_SET_LIMITS = {
  rules: 200,
  idLength: 64,
  listItems: 1_000,
  termLength: 200,
  textLength: 1_000,
  bound: 1_000_000_000,
} as const;

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MEDIA_RANGE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/(?:\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/i;

/**
 * Checks a rule set an admin submitted and returns it rebuilt from the checked fields only, or every
 * problem found, each prefixed with where it is ("rules[2].terms[0]: ...").
 */
export function validateRuleSet(input: unknown): RuleSetValidation {
  const problems: string[] = [];
  const report: Report = (at, message) => {
    problems.push(`${at}: ${message}`);
    return undefined;
  };
  const root = new Fields(input, '', report);
  if (!root.isObject) return { ok: false, problems };
  const rawRules = root.require('rules', (v, at) => (Array.isArray(v) ? v : report(at, 'must be an array')));
  root.noOtherKeys(['rules']);
  const rules: Rule[] = [];
  if (rawRules && rawRules.length > RULE_SET_LIMITS.rules) {
    report('rules', `has ${rawRules.length} rules; the maximum is ${RULE_SET_LIMITS.rules}`);
  } else {
    const ids = new Set<string>();
    rawRules?.forEach((raw, i) => {
      const rule = readRule(new Fields(raw, `rules[${i}]`, report), problems);
      if (!rule) return;
      if (ids.has(rule.id)) report(`rules[${i}].id`, `"${rule.id}" is used by an earlier rule`);
      ids.add(rule.id);
      rules.push(rule);
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, ruleSet: { rules } };
}

/** Records a problem at a path such as "rules[0].terms[1]"; returns undefined for the caller to return. */
type Report = (at: string, message: string) => undefined;

/** Reads one value: returns it, or reports what is wrong and returns undefined. */
type Reader<T> = (value: unknown, at: string, report: Report) => T | undefined;

type KindReader = (f: Fields) => Record<string, unknown>;

const KINDS: Readonly<Record<RuleKind, KindReader>> = {
  'banned-term': (f) => {
    const caseSensitive = f.optional('caseSensitive', boolean);
    return {
      terms: f.list('terms', bannedTerm, (t) => (caseSensitive ? t.term : t.term.toLowerCase())),
      caseSensitive,
      wholeWord: f.optional('wholeWord', boolean),
    };
  },
  'required-phrase': (f) => ({
    phrase: f.require('phrase', text(RULE_SET_LIMITS.textLength)),
    caseSensitive: f.optional('caseSensitive', boolean),
  }),
  'term-casing': (f) => ({
    terms: f.list('terms', brandName, (t) => t.toLowerCase().replace(/[\s-]+/g, '')),
  }),
  'max-length': (f) => ({ max: f.require('max', integer(0)) }),
  'min-length': (f) => ({ min: f.require('min', integer(0)) }),
  pattern: (f) => {
    const pattern = f.require('pattern', text(MAX_PATTERN_SOURCE_LENGTH));
    const flags = f.optional('flags', patternFlags);
    const flagsReadable = flags !== undefined || !f.has('flags');
    if (pattern !== undefined && flagsReadable) {
      try {
        compilePattern(pattern, flags);
      } catch (error) {
        f.fail('pattern', error instanceof Error ? error.message : String(error));
      }
    }
    return {
      pattern,
      flags,
      mustMatch: f.require('mustMatch', boolean),
      message: f.require('message', text(RULE_SET_LIMITS.textLength)),
    };
  },
  'link-domains': (f) => ({ domains: f.list('domains', domain, (d) => normaliseHost(d) ?? d) }),
  pii: (f) => ({ kinds: f.list('kinds', oneOf(['email', 'phone']), (k) => k) }),
  secrets: (f) => ({ kinds: f.has('kinds') ? f.list('kinds', oneOf(SECRET_KINDS), (k) => k) : undefined }),
  'media-type': (f) => ({ allowed: f.list('allowed', mediaRange, (m) => m) }),
  'max-bytes': (f) => ({ max: f.require('max', integer(0)) }),
  palette: (f) => ({
    colors: f.list('colors', paletteColour, (c) => paletteEntryToRgb(c) ?? c),
    name: f.optional('name', text(RULE_SET_LIMITS.termLength)),
  }),
  'image-dimensions': (f) => {
    const bounds = {
      minWidth: f.optional('minWidth', integer(1)),
      maxWidth: f.optional('maxWidth', integer(1)),
      minHeight: f.optional('minHeight', integer(1)),
      maxHeight: f.optional('maxHeight', integer(1)),
    };
    const { minWidth, maxWidth, minHeight, maxHeight } = bounds;
    const given = ['minWidth', 'maxWidth', 'minHeight', 'maxHeight'].some((key) => f.has(key));
    if (!given) f.fail(undefined, 'needs at least one of minWidth, maxWidth, minHeight, maxHeight');
    if (minWidth && maxWidth && minWidth > maxWidth) f.fail('minWidth', 'is greater than maxWidth');
    if (minHeight && maxHeight && minHeight > maxHeight) f.fail('minHeight', 'is greater than maxHeight');
    return bounds;
  },
};

function readRule(f: Fields, problems: readonly string[]): Rule | undefined {
  if (!f.isObject) return undefined;
  const before = problems.length;
  const id = f.require('id', ruleId);
  const severity = f.require('severity', oneOf<Severity>(['error', 'warning']));
  const kind = f.require('kind', oneOf(Object.keys(KINDS) as RuleKind[]));
  if (kind === undefined) return undefined;
  const mediaTypes = f.has('mediaTypes') ? f.list('mediaTypes', mediaRange, (m) => m) : undefined;
  const params = KINDS[kind](f);
  f.noOtherKeys(['id', 'kind', 'severity', 'mediaTypes', ...Object.keys(params)]);
  if (problems.length > before) return undefined;
  // Every field was read by the kind's reader and none had a problem, so the object has the kind's shape.
  return withoutUndefined({ id, kind, severity, mediaTypes, ...params }) as unknown as Rule;
}

/** Reads the fields of one object, so that one pass reports everything wrong with it, not the first thing. */
class Fields {
  private readonly object: Record<string, unknown>;
  /** When false, the object problem is reported and reading its fields would only add noise. */
  readonly isObject: boolean;

  constructor(
    value: unknown,
    private readonly path: string,
    readonly report: Report,
  ) {
    this.isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!this.isObject) report(path || '(rule set)', 'must be an object');
    this.object = this.isObject ? (value as Record<string, unknown>) : {};
  }

  has(key: string): boolean {
    return Object.hasOwn(this.object, key);
  }

  fail(key: string | undefined, message: string): undefined {
    return this.report(this.at(key), message);
  }

  require<T>(key: string, read: Reader<T>): T | undefined {
    return this.has(key) ? read(this.object[key], this.at(key), this.report) : this.fail(key, 'is required');
  }

  optional<T>(key: string, read: Reader<T>): T | undefined {
    return this.has(key) ? read(this.object[key], this.at(key), this.report) : undefined;
  }

  /** A required, non-empty, bounded array whose items are read one by one and must not repeat. */
  list<T>(key: string, read: Reader<T>, identity: (item: T) => string): T[] | undefined {
    return this.require(key, (value, at, report) => {
      if (!Array.isArray(value) || value.length === 0) return report(at, 'must be a non-empty array');
      if (value.length > RULE_SET_LIMITS.listItems) {
        return report(at, `has ${value.length} entries; the maximum is ${RULE_SET_LIMITS.listItems}`);
      }
      const seen = new Set<string>();
      const items: T[] = [];
      value.forEach((raw, i) => {
        const item = read(raw, `${at}[${i}]`, report);
        if (item === undefined) return;
        if (seen.has(identity(item))) report(`${at}[${i}]`, 'repeats an earlier entry');
        seen.add(identity(item));
        items.push(item);
      });
      return items;
    });
  }

  noOtherKeys(known: readonly string[]): void {
    for (const key of Object.keys(this.object)) {
      if (!known.includes(key)) this.fail(key, 'is not a known property here');
    }
  }

  private at(key: string | undefined): string {
    if (key === undefined) return this.path || '(rule set)';
    return this.path ? `${this.path}.${key}` : key;
  }
}

function text(maxLength: number): Reader<string> {
  return (value, at, report) => {
    if (typeof value !== 'string' || value.trim() === '') return report(at, 'must be a non-empty string');
    if (value.length > maxLength)
      return report(at, `is ${value.length} characters long; the maximum is ${maxLength}`);
    return value;
  };
}

const boolean: Reader<boolean> = (value, at, report) =>
  typeof value === 'boolean' ? value : report(at, 'must be true or false');

function integer(min: number): Reader<number> {
  return (value, at, report) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= RULE_SET_LIMITS.bound
      ? value
      : report(at, `must be a whole number from ${min} to ${RULE_SET_LIMITS.bound}`);
}

function oneOf<T extends string>(options: readonly T[]): Reader<T> {
  return (value, at, report) =>
    options.includes(value as T)
      ? (value as T)
      : report(at, `must be one of ${options.map((o) => `"${o}"`).join(', ')}`);
}

const ruleId: Reader<string> = (value, at, report) => {
  const id = text(RULE_SET_LIMITS.idLength)(value, at, report);
  if (id === undefined) return undefined;
  return ID.test(id)
    ? id
    : report(at, 'must start with a letter or digit and hold only letters, digits, ".", "_", "-"');
};

const bannedTerm: Reader<BannedTerm> = (value, at, report) => {
  // A plain string is shorthand for a term without a suggestion.
  const f = new Fields(typeof value === 'string' ? { term: value } : value, at, report);
  if (!f.isObject) return undefined;
  const term = f.require('term', text(RULE_SET_LIMITS.termLength));
  const suggestion = f.optional('suggestion', text(RULE_SET_LIMITS.termLength));
  f.noOtherKeys(['term', 'suggestion']);
  return term === undefined ? undefined : withoutUndefined({ term, suggestion });
};

const patternFlags: Reader<string> = (value, at, report) =>
  typeof value === 'string' && /^(?!.*(.).*\1)[ims]*$/.test(value)
    ? value
    : report(at, 'must be a string of distinct flags from "i", "m" and "s"');

/** Casing is about letters, so a brand name starts and ends with a letter or digit and holds a letter. */
const brandName: Reader<string> = (value, at, report) => {
  const name = text(RULE_SET_LIMITS.termLength)(value, at, report)?.trim();
  if (name === undefined) return undefined;
  return /^[\p{L}\p{N}](?:.*[\p{L}\p{N}])?$/su.test(name) && /\p{L}/u.test(name)
    ? name
    : report(at, 'must start and end with a letter or digit and contain a letter');
};

const domain: Reader<string> = (value, at, report) => {
  const host = text(253)(value, at, report)?.trim();
  if (host === undefined) return undefined;
  if (host.startsWith('*.')) return report(at, `write "${host.slice(2)}": subdomains are always allowed`);
  return /^[^\s/:@*?#\\[\]]+$/.test(host) && normaliseHost(host) !== undefined
    ? host
    : report(at, 'must be a host name such as "example.com", without scheme, port or path');
};

const mediaRange: Reader<string> = (value, at, report) =>
  typeof value === 'string' && MEDIA_RANGE.test(value)
    ? value.toLowerCase()
    : report(at, 'must be a media type such as "image/png" or "image/*"');

const paletteColour: Reader<string> = (value, at, report) => {
  if (typeof value !== 'string') return report(at, 'must be a string');
  const colour = value.trim();
  if (/^#(?:[0-9a-f]{4}|[0-9a-f]{8})$/i.test(colour)) {
    return report(at, 'alpha is not compared, so give the colour as #rgb or #rrggbb');
  }
  return paletteEntryToRgb(colour) !== undefined
    ? colour
    : report(at, 'must be a colour such as "#1a2b3c", "#abc" or a CSS colour name');
};

function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
