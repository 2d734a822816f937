import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { QueueName, QueueProducer } from '@app/queues';

// One registry per process: `quorate serve` runs the API and the worker as two Nest applications in
// one process, and the API's /metrics must include the jobs the worker ran.
const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'quorate_process_' });

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

const ledgerAppend = new Histogram({
  name: 'quorate_ledger_append_duration_seconds',
  help: 'Time to append one ledger entry inside its transaction',
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
  registers: [registry],
});

const decisionTimeToClose = new Histogram({
  name: 'quorate_decision_time_to_close_seconds',
  help: 'From a decision opening to its closing, by outcome',
  labelNames: ['outcome'],
  buckets: [1, 10, 60, 300, 900, 3600, 4 * 3600, 86400, 7 * 86400],
  registers: [registry],
});

// Read from Redis and PostgreSQL at scrape time, so every process reports the same shared state.
new Gauge({
  name: 'quorate_queue_jobs',
  help: 'Jobs in each queue by state',
  labelNames: ['queue', 'state'],
  registers: [registry],
  async collect() {
    if (!source) return;
    for (const name of Object.values(QueueName)) {
      const counts = await source.queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed');
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
  readonly ledgerAppend = ledgerAppend;
  readonly decisionTimeToClose = decisionTimeToClose;
  private readonly own: NonNullable<typeof source>;

  constructor(@InjectDataSource() dataSource: DataSource, queues: QueueProducer) {
    this.own = { dataSource, queues };
    source = this.own;
  }

  onModuleDestroy(): void {
    if (source === this.own) source = undefined;
  }
}
