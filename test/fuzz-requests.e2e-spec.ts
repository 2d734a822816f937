import fc from 'fast-check';
import { exchangeChecker, fuzzParameters, rowCounter } from './support/fuzz-check';
import { requestFor } from './support/fuzz-requests';
import { Fuzzing, startFuzzing } from './support/fuzz-setup';

/**
 * Property: whatever a client sends to any route (broken JSON, wrong types, huge or odd strings,
 * prototype keys, deep nesting, bad path and query values, odd headers), the answer is below 500,
 * every error is in the one JSON shape, and a refused request leaves every table's row count as it was.
 */
describe('fuzzing every route', () => {
  let f: Fuzzing;

  beforeAll(async () => {
    f = await startFuzzing();
  });
  afterAll(() => f.q.close());

  it('finds every route, with the fields of its body and query', () => {
    expect(f.targets.length).toBeGreaterThanOrEqual(40);
    const byKey = new Map(f.targets.map((t) => [t.key, t]));
    expect(byKey.get('POST /v1/assets')?.bodyFields).toEqual(expect.arrayContaining(['classKey', 'sha256']));
    expect(byKey.get('GET /v1/assets')?.queryFields).toEqual(expect.arrayContaining(['limit', 'cursor']));
    expect(byKey.get('GET /v1/policies')?.queryFields).toEqual(['classKey']);
  });

  it('never answers 5xx, always in the error shape, and writes nothing when it refuses', async () => {
    const check = exchangeChecker(f.q.http, await rowCounter(f.q.db));
    const anyRequest = fc.constantFrom(...f.targets).chain((target) => requestFor(target, f.ctx));
    await fc.assert(
      fc.asyncProperty(anyRequest, (request) => check(request)),
      fuzzParameters(900),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);
});
