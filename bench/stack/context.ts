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
  /** The demo bot's key; empty when the database was copied from a template, which keeps no key. */
  readonly botKey: string;
  readonly db: Pool;
  readonly prefix: string;
  /** Registers a clean-up step; they run in reverse order when the benchmark ends, even on failure. */
  defer(step: () => Promise<unknown>): void;
}

/**
 * Runs `body` on a fresh database and prefix, then stops what it started and removes both. `prepare`
 * creates the database and returns the demo bot's key.
 */
export async function withContext<T>(
  dirs: RunDirs,
  body: (context: BenchContext) => Promise<T>,
  prepare: () => Promise<string> = freshDatabase,
): Promise<T> {
  // A failed or interrupted preparation still leaves nothing behind.
  const botKey = await prepare().catch(async (error: unknown) => {
    await dropDatabase();
    throw error;
  });
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
