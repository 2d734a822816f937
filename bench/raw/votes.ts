import type { Pool } from 'pg';
import type { BenchContext } from '../stack/context';
import { startRawServer } from './http';

export interface RawVotes {
  url: string;
  /** Creates `count` decision rows; resolves to their ids. */
  openDecisions(count: number): Promise<string[]>;
}

/** Starts the framework-free vote baseline in a child process, on tables of its own. */
export async function startRawVotes(context: BenchContext): Promise<RawVotes> {
  await createRawVoteTables(context.db);
  const url = await startRawServer(context, 'raw-votes', 'votes-child.ts');
  return {
    url,
    async openDecisions(count) {
      const { rows } = await context.db.query<{ id: string }>(
        'INSERT INTO raw_decisions (id) SELECT gen_random_uuid() FROM generate_series(1, $1) RETURNING id',
        [count],
      );
      return rows.map((r) => r.id);
    },
  };
}

async function createRawVoteTables(db: Pool): Promise<void> {
  await db.query(`
    CREATE TABLE IF NOT EXISTS raw_decisions (
      id uuid PRIMARY KEY,
      state text NOT NULL DEFAULT 'open'
    )`);
  await db.query(`
    CREATE TABLE IF NOT EXISTS raw_votes (
      id bigserial PRIMARY KEY,
      decision_id uuid NOT NULL REFERENCES raw_decisions(id),
      voter integer NOT NULL,
      choice text NOT NULL,
      reason text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
}
