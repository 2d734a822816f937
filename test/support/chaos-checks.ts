import { eventually, Quorate } from './harness';
import { waitForIntegration } from './ledger';
import { bearer, Person } from './people';
import type { SubmissionLog } from './chaos-plan';

/**
 * Polls gently (the run is CPU-bound and the poller should not compete with it). A check that throws,
 * as any query does while the database is down, counts as not yet.
 */
export async function poll(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  await eventually(async () => ((await check().catch(() => false)) ? true : undefined), timeoutMs, what, 250);
}

export const validatedCount = async (q: Quorate): Promise<number> =>
  (await q.db.query(`SELECT count(*)::int AS n FROM validation_results`))[0].n;

/** Waits until the database says the pipeline owes no version any more work. */
export function settleAll(q: Quorate, timeoutMs: number): Promise<void> {
  return poll(
    async () => {
      const [{ pending }] = await q.db.query(
        `SELECT count(*)::int AS pending FROM asset_versions WHERE status IN ('submitted', 'validating', 'approved')`,
      );
      return pending === 0;
    },
    timeoutMs,
    'every version to leave the pending states',
  );
}

/**
 * The end state every scenario must reach: each accepted submission in the one state its plan says,
 * nothing refused stored, the ledger holding exactly the entries those states imply, dense, and
 * passing a full audit. Returns the count of versions in each state.
 */
export async function verifyRun(
  q: Quorate,
  admin: Person,
  log: SubmissionLog,
): Promise<Record<string, number>> {
  expect(log.unexpected).toEqual([]);
  // The worker's own sequencer must integrate everything; the test never integrates for it.
  await waitForIntegration(q.db, 120_000);
  await verifyIntegration(q);

  const versions: { asset_id: string; status: string }[] = await q.db.query(
    `SELECT asset_id, status FROM asset_versions`,
  );
  expect(versions).toHaveLength(log.accepted.size);
  expect(versions.filter((v) => v.status !== log.accepted.get(v.asset_id))).toEqual([]);
  // Failed for the planned reason, never because a crash or an outage was mistaken for a fault.
  const [{ faulted }] = await q.db.query(
    `SELECT count(*)::int AS faulted FROM asset_versions WHERE findings @> '[{"ruleId": "validation.error"}]'`,
  );
  expect(faulted).toBe(0);
  const [{ stored }] = await q.db.query(`SELECT count(*)::int AS stored FROM assets WHERE title = ANY($1)`, [
    log.refused,
  ]);
  expect(stored).toBe(0);

  // Per version: one submission entry, one validation entry and one result, one release entry if
  // and only if released, one opened decision if and only if in review.
  const offending = await q.db.query(
    `SELECT v.asset_id, v.status, l.submitted, l.validated, l.released, l.opened, r.results
       FROM asset_versions v
       LEFT JOIN LATERAL (
         SELECT count(*) FILTER (WHERE kind = 'version.submitted')::int AS submitted,
                count(*) FILTER (WHERE kind IN ('version.validated', 'version.validation_failed'))::int AS validated,
                count(*) FILTER (WHERE kind = 'version.released')::int AS released,
                count(*) FILTER (WHERE kind = 'decision.opened')::int AS opened
           FROM ledger_entries WHERE asset_id = v.asset_id AND version_number = v.version) l ON TRUE
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS results FROM validation_results WHERE version_id = v.id) r ON TRUE
      WHERE l.submitted <> 1 OR l.validated <> 1 OR r.results <> 1
         OR l.released <> (CASE WHEN v.status = 'released' THEN 1 ELSE 0 END)
         OR l.opened <> (CASE WHEN v.status = 'in_review' THEN 1 ELSE 0 END)
      LIMIT 20`,
  );
  expect(offending).toEqual([]);

  const [{ entries, first, last }] = await q.db.query(
    `SELECT count(*)::int AS entries, min(idx)::int AS first, max(idx)::int AS last FROM ledger_entries`,
  );
  expect({ first, last }).toEqual({ first: 0, last: entries - 1 });
  const audit = await q.http.get('/v1/ledger/audit').set(bearer(admin.accessToken)).timeout(120_000);
  expect(audit.status).toBe(200);
  expect({ ok: audit.body.ok, size: audit.body.size, problems: audit.body.problems }).toEqual({
    ok: true,
    size: entries,
    problems: [],
  });

  const byStatus: Record<string, number> = {};
  for (const { status } of versions) byStatus[status] = (byStatus[status] ?? 0) + 1;
  return byStatus;
}

/** One block per scenario in the run's log, so a reader of CI's output sees what happened. */
export function report(scenario: string, facts: Record<string, unknown>): void {
  const lines = Object.entries(facts).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`);
  console.log(`[chaos] ${scenario}\n${lines.join('\n')}`);
}

/**
 * Every queued event integrated exactly once, and every reference a decision makes resolved to a
 * vote entry (cast or carried over) of the same decision that comes before it.
 */
export async function verifyIntegration(q: Quorate): Promise<void> {
  const [counts] = await q.db.query(
    `SELECT (SELECT count(*)::int FROM ledger_queue) AS queued,
            (SELECT count(*)::int FROM ledger_entries WHERE queue_id IS NOT NULL) AS integrated,
            (SELECT count(DISTINCT queue_id)::int FROM ledger_entries) AS distinct_events`,
  );
  expect(counts).toEqual({
    queued: counts.queued,
    integrated: counts.queued,
    distinct_events: counts.queued,
  });
  const unresolved = await q.db.query(
    `SELECT c.idx, ref.idx AS ref
       FROM ledger_entries c
       JOIN ledger_queue cq ON cq.id = c.queue_id
       CROSS JOIN LATERAL json_array_elements(cq.refs->'voteEntries') AS r(value)
       LEFT JOIN ledger_queue vq ON vq.id = (r.value->>'event')::bigint
       LEFT JOIN ledger_entries ref ON ref.queue_id = vq.id
      WHERE c.kind = 'decision.closed' AND r.value->>'event' IS NOT NULL
        AND (ref.idx IS NULL OR ref.idx >= c.idx
             OR ref.kind NOT IN ('vote.cast', 'decision.votes_carried')
             OR vq.data->>'decisionId' <> cq.data->>'decisionId')
      LIMIT 20`,
  );
  expect(unresolved).toEqual([]);
}
