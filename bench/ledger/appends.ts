import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { forEachConcurrently } from '../load/concurrency';
import { PipelineSample, timedSample } from '../load/stats';
import { inTransaction } from '../raw/shared';
import { integrated, IntegrationSample, integrationLatency } from './integration';
import type { LedgerServices } from './services';

/**
 * `count` appends through the app's LedgerService, each in a transaction of its own, `lanes` at a
 * time, measured end to end: the rate runs from the first append to the last one integrated by the
 * sequencer (running meanwhile); the latencies are each append's transaction, and queued → integrated.
 */
export async function appendRate(
  services: LedgerServices,
  count: number,
  lanes: number,
  tag: string,
): Promise<PipelineSample & { integration: IntegrationSample }> {
  const latencies: number[] = [];
  const since = new Date();
  const started = performance.now();
  await forEachConcurrently(count, lanes, async (n) => {
    const sent = performance.now();
    await services.dataSource.transaction((em) =>
      services.ledger.append(em, {
        kind: 'bench.append',
        assetId: null,
        actor: { type: 'system', id: 'bench' },
        data: { run: tag, n },
      }),
    );
    latencies.push(performance.now() - sent);
  });
  await integrated(services.dataSource, since);
  const sample = timedSample(count, started, performance.now(), latencies);
  return { ...sample, integration: await integrationLatency(services.dataSource, since) };
}

/** The raw baseline's log: a sequence-keyed table of opaque entries, beside the app's. */
export async function createRawLog(pool: Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS raw_log (
      idx bigserial PRIMARY KEY,
      entry bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
}

/** The floor under an append: one row of the same size inserted in its own transaction, no lock. */
export async function rawAppendRate(
  pool: Pool,
  count: number,
  lanes: number,
  entryBytes: number,
): Promise<PipelineSample> {
  const entry = randomBytes(entryBytes);
  const latencies: number[] = [];
  const started = performance.now();
  await forEachConcurrently(count, lanes, async () => {
    const sent = performance.now();
    await inTransaction(pool, async (client) => {
      await client.query('INSERT INTO raw_log (entry) VALUES ($1)', [entry]);
    });
    latencies.push(performance.now() - sent);
  });
  return timedSample(count, started, performance.now(), latencies);
}
