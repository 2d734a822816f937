import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Job, Worker } from 'bullmq';
import type { Env } from '@app/config';
import { MetricsService } from '@app/core';
import { bullConnection, JOB_QUEUE, JobName, JobPayload, QueueName, quitAll, RedisClient } from '@app/queues';
import { JOB_PROCESSORS, JobProcessor } from './job-processor';

/** Fails start-up unless every job name has exactly one processor and no processor is unknown. */
export function checkProcessors(processors: readonly JobProcessor[]): Map<JobName, JobProcessor> {
  const byName = new Map<JobName, JobProcessor>();
  for (const processor of processors) {
    if (!Object.values(JobName).includes(processor.jobName)) {
      throw new Error(`${processor.constructor.name} handles unknown job "${processor.jobName}"`);
    }
    const other = byName.get(processor.jobName);
    if (other) {
      throw new Error(
        `Job "${processor.jobName}" has two processors: ${other.constructor.name}, ${processor.constructor.name}`,
      );
    }
    byName.set(processor.jobName, processor);
  }
  const missing = Object.values(JobName).filter((name) => !byName.has(name));
  if (missing.length > 0) throw new Error(`No processor for job(s): ${missing.join(', ')}`);
  return byName;
}

/**
 * Owns the BullMQ workers. They start only once the whole application is up, and close in
 * beforeApplicationShutdown, which Nest runs before the queues close in onApplicationShutdown:
 * a job in flight finishes, and one that cannot is handed back to the queue by its lock expiring.
 */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerRunner.name);
  private readonly processors: Map<JobName, JobProcessor>;
  private workers: Worker[] = [];
  /** Cluster clients the workers share but BullMQ does not close. */
  private readonly opened = new Set<RedisClient>();

  constructor(
    @Inject(JOB_PROCESSORS) processors: JobProcessor[],
    private readonly config: ConfigService<Env, true>,
    private readonly metrics: MetricsService,
  ) {
    this.processors = checkProcessors(processors);
  }

  onApplicationBootstrap(): void {
    const lockDuration = this.config.get('JOB_LOCK_MS', { infer: true });
    this.workers = Object.values(QueueName).map((queue) => {
      const worker = new Worker<JobPayload>(queue, (job) => this.dispatch(queue, job), {
        connection: bullConnection(
          {
            REDIS_URL: this.config.get('REDIS_URL', { infer: true }),
            REDIS_CLUSTER: this.config.get('REDIS_CLUSTER', { infer: true }),
          },
          { maxRetriesPerRequest: null },
          this.opened,
        ),
        prefix: this.config.get('QUEUE_PREFIX', { infer: true }),
        concurrency: this.config.get('WORKER_CONCURRENCY', { infer: true }),
        lockDuration,
        stalledInterval: lockDuration,
      });
      worker.on('failed', (job, error) =>
        this.logger.warn(
          { queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error },
          'job failed',
        ),
      );
      worker.on('error', (error) => this.logger.error({ queue, err: error }, 'worker error'));
      return worker;
    });
    this.logger.log({ queues: Object.values(QueueName) }, 'workers started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers = [];
    await quitAll(this.opened);
  }

  private async dispatch(queue: QueueName, job: Job<JobPayload>): Promise<unknown> {
    const processor = this.processors.get(job.name as JobName);
    if (!processor || JOB_QUEUE[processor.jobName] !== queue) {
      throw new Error(`No processor for job "${job.name}" on queue "${queue}"`);
    }
    const stop = this.metrics.jobDuration.startTimer({ job: job.name });
    try {
      const result = await processor.process(job);
      stop({ outcome: 'completed' });
      return result;
    } catch (error) {
      stop({ outcome: 'failed' });
      this.metrics.jobFailures.inc({ job: job.name });
      throw error;
    }
  }
}
