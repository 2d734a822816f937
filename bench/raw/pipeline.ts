import { Queue } from 'bullmq';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { redisOptionsFromUrl } from '../../libs/queues/src/redis-options';
import { BENCH_DATABASE_URL, POLL_INTERVAL_MS, REDIS_URL, WORKER_CONCURRENCY } from '../config';
import { forEachConcurrently } from '../load/concurrency';
import { whileSampling } from '../load/db-waits';
import { PipelineSample, pipelineSample } from '../load/stats';
import { startChild } from '../stack/children';
import type { BenchContext } from '../stack/context';
import { throwIfInterrupted } from '../stack/interrupt';
import { createRawTables, RAW_QUEUE, RawJob } from './shared';

export interface RawPipeline {
  /** Adds `size` jobs with `concurrency` adds in flight and waits for every row. */
  run(size: number, concurrency: number, timeoutMs: number): Promise<PipelineSample>;
}

/** Starts the raw baseline: a producer here, its worker in a child process like the app's worker. */
export async function startRawPipeline(context: BenchContext): Promise<RawPipeline> {
  await createRawTables(context.db);
  const worker = await startChild('raw-worker', join(__dirname, 'worker-child.ts'), {
    logDir: context.logDir,
    env: {
      DATABASE_URL: BENCH_DATABASE_URL,
      REDIS_URL,
      QUEUE_PREFIX: context.prefix,
      WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
    },
  });
  context.defer(() => worker.stop());
  const queue = new Queue<RawJob>(RAW_QUEUE, {
    connection: redisOptionsFromUrl(REDIS_URL),
    prefix: context.prefix,
  });
  context.defer(() => queue.close());

  let batch = 0;
  return {
    async run(size, concurrency, timeoutMs) {
      const current = ++batch;
      const sentAt = new Map<string, number>();
      return whileSampling(context, `raw batch ${current}`, async () => {
        const startedAt = Date.now();
        await forEachConcurrently(size, concurrency, async (seq) => {
          const sentMs = Date.now();
          // A deterministic id and removal on completion, as the app's producer does.
          await queue.add(
            'insert',
            { batch: current, seq, sentMs },
            {
              jobId: `raw-${current}-${seq}`,
              removeOnComplete: true,
            },
          );
          sentAt.set(String(seq), sentMs);
        });
        const doneAt = await waitForRows(context.db, current, size, timeoutMs);
        return pipelineSample(startedAt, sentAt, doneAt);
      });
    },
  };
}

/** Waits for every row of a batch and returns, by seq, when each was inserted. */
async function waitForRows(
  db: Pool,
  batch: number,
  expected: number,
  timeoutMs: number,
): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    throwIfInterrupted();
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM raw_jobs WHERE batch = $1', [
      batch,
    ]);
    if (Number(rows[0].n) >= expected) break;
    if (Date.now() > deadline)
      throw new Error(`raw batch ${batch}: ${rows[0].n} of ${expected} rows in time`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  const { rows } = await db.query<{ seq: number; at: number }>(
    'SELECT seq, extract(epoch FROM created_at) * 1000 AS at FROM raw_jobs WHERE batch = $1',
    [batch],
  );
  return new Map(rows.map((row) => [String(row.seq), Number(row.at)]));
}
