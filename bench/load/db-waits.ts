import type { Pool } from 'pg';
import { log } from '../report';
import type { BenchContext } from '../stack/context';

// What a session is doing: running, waiting on something (and on what), or idle in a transaction,
// which means PostgreSQL is waiting for the app to send the next statement.
const ACTIVITY = `CASE WHEN a.state = 'active' AND a.wait_event IS NOT NULL
                       THEN a.wait_event_type || ':' || a.wait_event ELSE a.state END`;

// Every session of the bench database that is not idle, and apart, the holder of each advisory lock
// (by key): the ledger serialises its appends with one, so its holder's activity is where that
// queue's time goes. The two views are read at slightly different instants, so a holder can show as
// already waiting for its next transaction's lock.
const SAMPLE_SQL = `
  SELECT 'sessions' AS who, ${ACTIVITY} AS what, count(*) AS n
    FROM pg_stat_activity a
   WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.state <> 'idle'
   GROUP BY 2
  UNION ALL
  SELECT 'holder of advisory lock ' || l.objid, ${ACTIVITY}, count(*)
    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
   WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
   GROUP BY 1, 2`;

/**
 * Samples what the app's PostgreSQL sessions are doing while a run goes on. The averages tell apart
 * time spent in the database, time spent waiting for the app between statements, and time queued on
 * a lock.
 */
export function sampleDatabaseWaits(db: Pool, everyMs = 50): { stop(): Promise<string> } {
  const counts = new Map<string, Map<string, number>>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    // Ended by `stop`, and bounded in any case, like every loop of the bench.
    for (let i = 0; !stopped && i < 100_000; i++) {
      const { rows } = await db.query<{ who: string; what: string; n: string }>(SAMPLE_SQL);
      samples++;
      for (const { who, what, n } of rows) {
        const byWhat = counts.get(who) ?? new Map<string, number>();
        byWhat.set(what, (byWhat.get(what) ?? 0) + Number(n));
        counts.set(who, byWhat);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const average = (n: number) => (n / Math.max(samples, 1)).toFixed(2);
      return [...counts]
        .map(
          ([who, byWhat]) =>
            `${who}: ` +
            [...byWhat]
              .sort((a, b) => b[1] - a[1])
              .map(([what, n]) => `${what} ${average(n)}`)
              .join(', '),
        )
        .join('; ');
    },
  };
}

/** Runs `body`, and when profiling (--profile) also samples and logs the database sessions meanwhile. */
export async function whileSampling<T>(
  context: Pick<BenchContext, 'db' | 'profileDir'>,
  tag: string,
  body: () => Promise<T>,
): Promise<T> {
  if (context.profileDir === undefined) return body();
  const sampler = sampleDatabaseWaits(context.db);
  try {
    return await body();
  } finally {
    log(`${tag}: PostgreSQL, average sessions by activity: ${await sampler.stop()}`);
  }
}
