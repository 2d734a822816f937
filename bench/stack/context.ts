import type { Pool } from 'pg';
import { benchPool, dropDatabase, freshDatabase } from './database';
import { deletePrefix, uniquePrefix } from './redis';

export interface RunDirs {
  /** Where children write their output. */
  logDir: string;
  /** Where children write CPU profiles; unset when not profiling. */
  profileDir?: string;
}

/** What one benchmark owns: a fresh database, a Redis prefix, and whatever it starts on them. */
export interface BenchContext extends RunDirs {
  readonly botKey: string;
  readonly db: Pool;
  readonly prefix: string;
  /** Registers a clean-up step; they run in reverse order when the benchmark ends, even on failure. */
  defer(step: () => Promise<unknown>): void;
}

/** Runs `body` on a fresh database and prefix, then stops what it started and removes both. */
export async function withContext<T>(dirs: RunDirs, body: (context: BenchContext) => Promise<T>): Promise<T> {
  const botKey = await freshDatabase();
  const steps: (() => Promise<unknown>)[] = [];
  const context: BenchContext = {
    ...dirs,
    botKey,
    db: benchPool(),
    prefix: uniquePrefix(),
    defer: (step) => steps.push(step),
  };
  try {
    return await body(context);
  } finally {
    for (const step of steps.reverse()) {
      await step().catch((error: unknown) => console.error('clean-up step failed:', error));
    }
    await context.db.end();
    await deletePrefix(context.prefix);
    await dropDatabase();
  }
}
