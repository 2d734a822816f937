import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { QueueName, QueueProducer } from '@app/queues';

// One registry per process: `quorate serve` runs the API and the worker as two Nest applications in
// one process, and the API's /metrics must include the jobs the worker ran.
const registry = new Registry();

// The standard process_* and nodejs_* names, unprefixed, so stock Node.js dashboards find them.
collectDefaultMetrics({ register: registry });
// prom-client names these three gauges `..._total`, which Prometheus reserves for counters (promtool
// rejects them); the per-type gauges without the suffix (nodejs_active_handles, ...) stay.
for (const misnamed of [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
]) {
  registry.removeSingleMetric(misnamed);
}

/** Where the gauges read shared state from; the most recently started application provides it. */
let source: { dataSource: DataSource; queues: QueueProducer } | undefined;

const httpDuration = new Histogram({
  name: 'quorate_http_request_duration_seconds',
  help: 'HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

const jobDuration = new Histogram({
  name: 'quorate_job_duration_seconds',
  help: 'Time a worker spent on one job, by job name and outcome',
  labelNames: ['job', 'outcome'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const jobFailures = new Counter({
  name: 'quorate_job_failures_total',
  help: 'Job attempts that threw, by job name',
  labelNames: ['job'],
  registers: [registry],
});

/**
 * From an event's queueing (in its state change's transaction) to its integration into the tree by
 * the sequencer, per event. Exported on its own because the sequencer also runs outside Nest (tests, CLI).
 */
export const ledgerIntegration = new Histogram({
  name: 'quorate_ledger_integration_seconds',
  help: 'Time from an event being queued to its integration into the ledger tree, per event',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const decisionTimeToClose = new Histogram({
  name: 'quorate_decision_time_to_close_seconds',
  help: 'From a decision opening to its closing, by outcome',
  labelNames: ['outcome'],
  buckets: [1, 10, 60, 300, 900, 3600, 4 * 3600, 86400, 7 * 86400],
  registers: [registry],
});

const webhookDeliveries = new Counter({
  name: 'quorate_webhook_deliveries_total',
  help: "Webhook delivery attempts by the receiver's status class (2xx ... 5xx), or error when none answered",
  labelNames: ['status_class'],
  registers: [registry],
});

/** `2xx` for 204, `error` when the request never got an answer (refused, timed out). */
export function statusClass(statusCode: number | null): string {
  return statusCode === null ? 'error' : `${Math.floor(statusCode / 100)}xx`;
}

// Read from Redis and PostgreSQL at scrape time, so every process reports the same shared state.
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;
new Gauge({
  name: 'quorate_queue_jobs',
  help: 'Jobs in each queue by state',
  labelNames: ['queue', 'state'],
  registers: [registry],
  async collect() {
    if (!source) return;
    for (const name of Object.values(QueueName)) {
      const counts = await source.queues.queue(name).getJobCounts(...QUEUE_STATES);
      for (const [state, count] of Object.entries(counts)) this.set({ queue: name, state }, count);
    }
  },
});

new Gauge({
  name: 'quorate_ledger_entries',
  help: 'Entries in the ledger',
  registers: [registry],
  async collect() {
    if (!source) return;
    // Indexes are dense, so the size is the highest index plus one: an index lookup, not a count.
    const [{ n }] = await source.dataSource.query<{ n: string | null }[]>(
      'SELECT max(idx) + 1 AS n FROM ledger_entries',
    );
    this.set(Number(n ?? 0));
  },
});

new Gauge({
  name: 'quorate_decisions_open',
  help: 'Decisions waiting for votes',
  registers: [registry],
  async collect() {
    if (!source) return;
    const [{ n }] = await source.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM decisions WHERE state = 'open'`,
    );
    this.set(Number(n));
  },
});

/** Prometheus metrics of this process, recorded where things happen. */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = registry;
  readonly httpDuration = httpDuration;
  readonly jobDuration = jobDuration;
  readonly jobFailures = jobFailures;
  readonly ledgerIntegration = ledgerIntegration;
  readonly decisionTimeToClose = decisionTimeToClose;
  readonly webhookDeliveries = webhookDeliveries;
  private readonly own: NonNullable<typeof source>;

  constructor(@InjectDataSource() dataSource: DataSource, queues: QueueProducer) {
    this.own = { dataSource, queues };
    source = this.own;
  }

  onModuleDestroy(): void {
    if (source === this.own) source = undefined;
  }
}
