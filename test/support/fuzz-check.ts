import type { Parameters as FcParameters } from 'fast-check';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { FuzzRequest, summarize } from './fuzz-requests';

/**
 * Random seeds by default, printed by fast-check when a property fails; FUZZ_SEED replays one.
 * FUZZ_RUNS scales every property's run count (2 for a longer hunt, 0.2 for a quick look).
 */
export function fuzzParameters(numRuns: number): FcParameters<unknown> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  const scale = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 1;
  return { numRuns: Math.max(1, Math.round(numRuns * scale)), seed, endOnFailure: true };
}

export type RowCounts = Record<string, number>;

/** Counts the rows of every table in the public schema, in one query. */
export async function rowCounter(db: DataSource): Promise<() => Promise<RowCounts>> {
  const tables = (
    await db.query<Array<{ name: string }>>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).map((t) => t.name);
  const sql = `SELECT json_build_object(${tables
    .map((t) => `'${t}', (SELECT count(*) FROM "${t}")`)
    .join(', ')}) AS counts`;
  return async () => (await db.query<Array<{ counts: RowCounts }>>(sql))[0].counts;
}

export async function send(http: TestAgent, request: FuzzRequest): Promise<Response> {
  const method = request.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const call = http[method](request.url).timeout(30_000).set(request.headers);
  return request.body === undefined ? call : call.send(request.body);
}

/** Everything wrong with one answer: a 5xx, or an error that is not in the one JSON error shape. */
export function problemsWith(response: Response): string[] {
  const problems: string[] = [];
  const status = response.status;
  if (status >= 500) problems.push(`status ${status}`);
  if (status >= 400) {
    const body = response.body as Record<string, unknown>;
    if (!/^application\/json/.test(String(response.headers['content-type'])))
      problems.push(`error content-type ${response.headers['content-type']}`);
    const keys = Object.keys(body ?? {}).filter((k) => k !== 'details');
    if (
      body?.statusCode !== status ||
      typeof body.error !== 'string' ||
      typeof body.message !== 'string' ||
      keys.length !== 3
    )
      problems.push(`error body ${response.text.slice(0, 300)}`);
  }
  return problems;
}

/**
 * Sends requests one at a time and throws with what is wrong with an exchange. Row counts are taken
 * after every request, and the last ones stand for "before" the next: nothing else writes meanwhile
 * (no worker runs in the fuzz suites).
 *
 * A refused request may change no table's row count, with no exceptions, because none is needed:
 * the 4xx answers that do write change rows in place or write elsewhere. A failed login counts
 * toward the account's lockout in Redis (LoginLockoutService), not in a table; a refresh token
 * presented twice revokes its family with an UPDATE; a bot key's last_used_at is an UPDATE made
 * before its request is refused for other reasons. Should a refused request ever need to insert
 * (an audit row of failed logins, say), exempt that table for that route here, and say why.
 */
export function exchangeChecker(
  http: TestAgent,
  counts: () => Promise<RowCounts>,
): (request: FuzzRequest, expectStatus?: (status: number) => string | undefined) => Promise<void> {
  let last: RowCounts | undefined;
  return async (request, expectStatus) => {
    const before = last ?? (await counts());
    const response = await send(http, request);
    last = await counts();
    const problems = problemsWith(response);
    const unexpected = expectStatus?.(response.status);
    if (unexpected) problems.push(unexpected);
    const changed = response.status >= 400 ? changedTables(before, last) : [];
    if (changed.length > 0) problems.push(`a refused request changed the row count of ${changed.join(', ')}`);
    if (problems.length > 0)
      throw new Error(`${problems.join('; ')}\n${describeExchange(request, response)}`);
  };
}

export function changedTables(before: RowCounts, after: RowCounts): string[] {
  return Object.keys(after).filter((t) => after[t] !== before[t]);
}

export function describeExchange(request: FuzzRequest, response: Response): string {
  return `${summarize(request)} -> ${response.status} ${String(response.text).slice(0, 300)}`;
}
