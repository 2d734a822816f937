import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { FuzzTarget } from './fuzz-targets';
import {
  encodeLoosely,
  headerValue,
  INJECTIONS,
  nastySegment,
  nastyValue,
  oddString,
  PROTOTYPE_KEYS,
  serialize,
  setOwn,
} from './fuzz-values';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface RequestContext {
  /** Authorization headers by identity name; '' means none. */
  identities: Record<string, string>;
  samples: Record<string, Record<string, unknown>>;
  known: (path: string, param: string) => string[];
}

const JSON_TYPE = 'application/json';

export function requestFor(target: FuzzTarget, ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  const bodyArb = target.takesBody ? bodyFor(target, ctx) : fc.constant(undefined);
  return fc
    .record({
      path: pathFor(target, ctx),
      query: fc.option(queryFor(target), { freq: 2 }),
      identity: identityFor(target, ctx),
      body: bodyArb,
      extra: extraHeaders,
      otherMethod: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), { freq: 12 }),
    })
    .map(({ path, query, identity, body, extra, otherMethod }) => {
      const headers: Record<string, string> = { ...extra };
      if (ctx.identities[identity]) headers.Authorization = ctx.identities[identity];
      if (body) Object.assign(headers, body.headers);
      const request: FuzzRequest = {
        method: otherMethod ?? target.route.method,
        url: query ? `${path}?${query}` : path,
        headers,
        body: body?.payload,
      };
      // Counterexamples can be megabytes; fast-check prints this instead.
      return Object.defineProperty(request, fc.toStringMethod, { value: () => summarize(request) });
    });
}

export function summarize(request: FuzzRequest): string {
  const clip = (text: string, n: number) =>
    text.length > n ? `${text.slice(0, n)}...(${text.length})` : text;
  const body = request.body === undefined ? '' : ` ${clip(JSON.stringify(String(request.body)), 500)}`;
  return `${request.method} ${clip(request.url, 300)} ${clip(JSON.stringify(request.headers), 400)}${body}`;
}

/** The route's path with parameters that exist (or, where none is known, a fresh UUID). */
export function knownPath(target: FuzzTarget, ctx: RequestContext): string {
  return target.route.path.replace(
    /:(\w+)/g,
    (_, name: string) => ctx.known(target.route.path, name)[0] ?? randomUUID(),
  );
}

/** The identities a route admits, most powerful first; anonymous for public routes. */
export function admitted(target: FuzzTarget, ctx: RequestContext): string[] {
  const rule = target.route.rule;
  const names = Object.keys(ctx.identities).reverse();
  return rule && 'principals' in rule
    ? names.filter((n) => rule.principals.includes(n as never))
    : ['anonymous'];
}

/** Mostly a caller the route admits, so requests get past the guard to the code behind it. */
function identityFor(target: FuzzTarget, ctx: RequestContext): fc.Arbitrary<string> {
  const rule = target.route.rule;
  const names = Object.keys(ctx.identities);
  const admitted =
    rule && 'principals' in rule ? names.filter((n) => rule.principals.includes(n as never)) : names;
  return fc.oneof(
    { arbitrary: fc.constantFrom(...(admitted.length > 0 ? admitted : names)), weight: 4 },
    { arbitrary: fc.constantFrom(...names), weight: 1 },
  );
}

/** Each parameter is usually one that exists, so the others' faults are what gets tested. */
function pathFor(target: FuzzTarget, ctx: RequestContext): fc.Arbitrary<string> {
  const values = target.params.map((name) => {
    const known = ctx.known(target.route.path, name);
    return fc.oneof(
      { arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.uuid().map(String), weight: 6 },
      { arbitrary: fc.uuid().map(String), weight: 1 },
      { arbitrary: name === 'n' ? versionLike : fc.constantFrom('1', '0', '-1'), weight: 2 },
      { arbitrary: nastySegment, weight: 2 },
    );
  });
  return fc.tuple(...values).map((chosen) => {
    let i = 0;
    return target.route.path.replace(/:(\w+)/g, () => chosen[i++]);
  });
}

const versionLike = fc.oneof(
  fc.constantFrom(
    '99999999999999',
    '2147483648',
    '2147483647',
    '9'.repeat(40),
    '1.5',
    '1e3',
    '0x10',
    '01',
    '+1',
    ' 1',
  ),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);

const dateLike = fc.constantFrom(
  '2025-02-30',
  '2025-13-01',
  '0000-01-01',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20',
  '2025-01-01T25:00:00Z',
  '2025-W01',
  '2025-001',
  '1',
  'Tue, 01 Jan 2030 00:00:00 GMT',
);

/** Opaque tokens such as page cursors are often base64url JSON: forge some of that shape. */
const opaqueLike = fc
  .oneof(
    fc.tuple(
      fc.oneof(dateLike, fc.constantFrom('2025-01-01T00:00:00.000Z')),
      fc.oneof(fc.uuid().map(String), fc.constantFrom('-'.repeat(36), 'f'.repeat(36), '0'.repeat(36))),
    ),
    fc.jsonValue({ maxDepth: 2 }),
  )
  .map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url'));

function queryFor(target: FuzzTarget): fc.Arbitrary<string> {
  const key = fc.oneof(
    { arbitrary: fc.constantFrom(...target.queryFields, 'limit', 'from'), weight: 4 },
    { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS, 'a[b]', 'a[]', '', 'x'), weight: 1 },
    { arbitrary: oddString.map(encodeLoosely), weight: 1 },
  );
  const value = fc.oneof(
    fc.constantFrom(
      '1',
      '0',
      '10',
      '200',
      '201',
      'true',
      'demo',
      'released',
      '2025-01-01',
      '99999999999999999999',
    ),
    dateLike,
    opaqueLike,
    versionLike,
    nastySegment,
  );
  return fc
    .array(fc.tuple(key, value), { minLength: 1, maxLength: 3 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
}

const extraHeaders: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      'Idempotency-Key': headerValue,
      'X-Request-Id': headerValue,
      Accept: fc.constantFrom('*/*', 'text/html', 'x/y'),
    },
    { requiredKeys: [] },
  )
  .map((h) => ({ ...h }));

interface Body {
  headers: Record<string, string>;
  payload: string | Buffer;
}

function bodyFor(target: FuzzTarget, ctx: RequestContext): fc.Arbitrary<Body> {
  const base = ctx.samples[target.key] ?? Object.fromEntries(target.bodyFields.map((f) => [f, 'x']));
  const json = (payload: string | Buffer): Body => ({ headers: { 'Content-Type': JSON_TYPE }, payload });
  return fc.oneof(
    { arbitrary: mutated(base, target.bodyFields).map((b) => json(serialize(b))), weight: 8 },
    { arbitrary: fc.constant(json(serialize(base))), weight: 1 },
    { arbitrary: malformed(serialize(base)).map(json), weight: 2 },
    { arbitrary: oddContentType(serialize(base)), weight: 1 },
  );
}

/** Paths to every key inside a value, at every depth. */
export function keyPaths(value: unknown, path: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [[...path, k], ...keyPaths(v, [...path, k])]);
}

/**
 * The base with one to three parts broken: a field (at any depth, or one the DTO declares that the
 * base leaves out) set to something nasty or removed, or a key added that nothing expects.
 */
function mutated(base: Record<string, unknown>, fields: string[]): fc.Arbitrary<unknown> {
  const paths = [...keyPaths(base), ...fields.map((f) => [f]), ['x']];
  const parents = [[], ...paths.slice(0, -1)];
  const mutation = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        path: fc.constantFrom(...paths),
        remove: fc.nat({ max: 4 }).map((n) => n === 0),
        value: nastyValue,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        path: fc
          .tuple(fc.constantFrom(...parents), fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'x'), oddString))
          .map(([parent, key]) => [...parent, key]),
        remove: fc.constant(false),
        value: nastyValue,
      }),
    },
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    for (const m of mutations) applyAt(copy, m.path, m.remove, m.value);
    return copy;
  });
}

export function applyAt(root: object, path: string[], remove: boolean, value: unknown): void {
  const parent = path.slice(0, -1).reduce<unknown>((at, k) => (at as Record<string, unknown>)?.[k], root);
  if (parent === null || typeof parent !== 'object') return;
  const key = path[path.length - 1];
  if (Array.isArray(parent)) {
    // Arrays take an index at most one past the end, so they stay dense.
    const index = Math.min(Number(key) || 0, parent.length);
    if (remove) parent.splice(index, 1);
    else parent[index] = value;
  } else if (remove) delete (parent as Record<string, unknown>)[key];
  else setOwn(parent, key, value);
}

function malformed(valid: string): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    fc.constantFrom(
      '',
      '{',
      '{"a":}',
      '{"a":1,}',
      "{'a':1}",
      '{"a":1}{"b":2}',
      '{"a":1} x',
      'NaN',
      '"text"',
      '123',
      'null',
      'true',
      '[]',
      '[{}]',
      '[1,"a",null]',
      '{"a":"\u0000"}',
      '\ufeff{}',
      '{"a":"\\ud800"}',
      '{"a":"\\u00"}',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    ),
    fc.nat().map((n) => valid.slice(0, n % Math.max(valid.length, 1))),
    fc.constantFrom(INJECTIONS[1], '<xml/>', 'a=1&b=2'),
    // Invalid UTF-8 inside a JSON string: a lone surrogate, an overlong slash, stray bytes.
    fc
      .constantFrom([0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xff, 0xfe], [0x80])
      .map((bytes) => Buffer.concat([Buffer.from('{"title":"'), Buffer.from(bytes), Buffer.from('"}')])),
  );
}

function oddContentType(valid: string): fc.Arbitrary<Body> {
  return fc.oneof(
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-7',
        'application/json; charset=utf-16le',
        'application/json; charset=latin1',
        'application/merge-patch+json',
        'application/xml',
        '*/*',
        'application/json; boundary="',
      )
      .map((type) => ({ headers: { 'Content-Type': type }, payload: valid })),
    fc.constantFrom('gzip', 'deflate', 'br', 'identity, gzip', 'compress').map((encoding) => ({
      headers: { 'Content-Type': JSON_TYPE, 'Content-Encoding': encoding },
      payload: Buffer.from('not compressed at all'),
    })),
    fc.constant({
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      payload: '__proto__[polluted]=1&constructor[prototype][polluted]=1&a[b][c]=d',
    }),
  );
}
