import { exchangeChecker, rowCounter } from './support/fuzz-check';
import { admitted, applyAt, FuzzRequest, keyPaths, knownPath } from './support/fuzz-requests';
import { Fuzzing, startFuzzing } from './support/fuzz-setup';
import { RawJson, serialize } from './support/fuzz-values';

const REMOVE = Symbol('remove');

/** Every wrong type, and the edges of the right ones, that a JSON field can be given. */
const WRONG_VALUES: unknown[] = [
  REMOVE,
  null,
  true,
  -1,
  1.5,
  2 ** 31,
  new RawJson('1e400'),
  '',
  'x',
  'x'.repeat(5_000),
  ['x'],
  {},
];

/**
 * Not random: every field of every body the API takes (at every depth of a valid sample, and every
 * field its DTO declares) gets each wrong value in turn, everything else in the body left valid,
 * sent by a caller the route admits. Still no 5xx, the one error shape, and nothing written on a 4xx.
 */
describe('every body field given every wrong type', () => {
  let f: Fuzzing;

  beforeAll(async () => {
    f = await startFuzzing();
  });
  afterAll(() => f.q.close());

  it('never answers 5xx, always in the error shape, and writes nothing when it refuses', async () => {
    const check = exchangeChecker(f.q.http, await rowCounter(f.q.db));
    const failures: string[] = [];
    let sent = 0;
    for (const target of f.targets.filter((t) => t.takesBody)) {
      const base = f.ctx.samples[target.key] ?? Object.fromEntries(target.bodyFields.map((k) => [k, 'x']));
      const paths = [...keyPaths(base), ...target.bodyFields.filter((k) => !(k in base)).map((k) => [k])];
      const identity = f.ctx.identities[admitted(target, f.ctx)[0]];
      for (const path of paths) {
        for (const value of WRONG_VALUES) {
          const body = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
          applyAt(body, path, value === REMOVE, value);
          const request: FuzzRequest = {
            method: target.route.method,
            url: knownPath(target, f.ctx),
            headers: { 'Content-Type': 'application/json', ...(identity ? { Authorization: identity } : {}) },
            body: serialize(body),
          };
          // Every failure, not just the first: one broken DTO tends to fail several values at once.
          await check(request).catch((error: Error) => failures.push(error.message));
          sent++;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);
  }, 600_000);
});
