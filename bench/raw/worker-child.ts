import { Worker } from 'bullmq';
import { Pool } from 'pg';
import { redisOptionsFromUrl } from '../../libs/queues/src/redis-options';
import { runUntilStopped } from '../stack/child-main';
import { inTransaction, RAW_QUEUE, RawJob, requiredEnv } from './shared';

/**
 * The floor under the app's worker: a BullMQ worker whose only work per job is one row inserted in
 * one PostgreSQL transaction, with the app's pool size, concurrency and lock settings.
 */
runUntilStopped(async () => {
  const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL'), max: 10 });
  const worker = new Worker<RawJob>(
    RAW_QUEUE,
    // Resolves to nothing, so that no return value is stored with the job.
    (job) =>
      inTransaction(pool, async (client) => {
        await client.query('INSERT INTO raw_jobs (batch, seq, sent_ms) VALUES ($1, $2, $3)', [
          job.data.batch,
          job.data.seq,
          job.data.sentMs,
        ]);
      }),
    {
      connection: { ...redisOptionsFromUrl(requiredEnv('REDIS_URL')), maxRetriesPerRequest: null },
      prefix: requiredEnv('QUEUE_PREFIX'),
      concurrency: Number(requiredEnv('WORKER_CONCURRENCY')),
      lockDuration: 30_000,
      stalledInterval: 30_000,
    },
  );
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      await pool.end();
    },
  };
});
