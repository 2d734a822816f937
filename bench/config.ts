/**
 * Where the bench runs. Every address is on this machine on purpose: the figures describe one box,
 * and the bench drops and recreates its database, which must never be someone else's.
 */
export const ADMIN_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** BENCH_DATABASE names another, for a second checkout's bench on the same PostgreSQL (templates follow it). */
export const BENCH_DATABASE = process.env.BENCH_DATABASE ?? 'quorate_bench';
export const BENCH_DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${BENCH_DATABASE}`;
export const REDIS_URL = 'redis://127.0.0.1:6379';

/** The app's own default, and what the raw baseline's worker uses too, so both pull jobs alike. */
export const WORKER_CONCURRENCY = 8;

/** Size of every submitted text, in bytes. */
export const TEXT_BYTES = 2048;

/** Upper bounds, so that a stuck stack ends the bench with an error instead of hanging it. */
export const CHILD_READY_TIMEOUT_MS = 90_000;
export const CHILD_STOP_TIMEOUT_MS = 15_000;
export const REQUEST_TIMEOUT_MS = 30_000;
export const POLL_INTERVAL_MS = 200;
/** How often the pipeline looks for releases; a release is seen at most this much late. */
export const RELEASE_POLL_MS = 50;

/**
 * Appends in flight in the ledger benchmark's runs: one per connection of the app's default pool,
 * then many more, which the queue lets commit side by side.
 */
export const APPEND_LANE_RUNS = [10, 64];

/**
 * Entries the audit reads per query, in the bench (the CLI's default is 1000). At a million entries
 * the audit's subtree query is planned as a sequential scan of every stored subtree, so its cost grows
 * with the number of batches; see docs/benchmarks.md.
 */
export const AUDIT_BATCH = 100_000;
