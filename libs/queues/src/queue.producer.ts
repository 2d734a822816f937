import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Job, JobsOptions, Queue } from 'bullmq';
import { FollowUp, JOB_QUEUE, JobName, jobId, JobPayload, QueueName } from './queue-names';

const LIVE_STATES = new Set(['active', 'waiting', 'waiting-children', 'delayed', 'prioritized']);

/** Webhook receivers are other people's servers: retry for longer, with more patience, than our own work. */
const JOB_OPTIONS: Partial<Record<JobName, JobsOptions>> = {
  [JobName.DeliverWebhook]: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
};

@Injectable()
export class QueueProducer {
  private readonly logger = new Logger(QueueProducer.name);
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.Validation) validation: Queue,
    @InjectQueue(QueueName.Release) release: Queue,
    @InjectQueue(QueueName.Decisions) decisions: Queue,
    @InjectQueue(QueueName.Webhooks) webhooks: Queue,
  ) {
    this.queues = {
      [QueueName.Validation]: validation,
      [QueueName.Release]: release,
      [QueueName.Decisions]: decisions,
      [QueueName.Webhooks]: webhooks,
    };
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  /** Adds the job; a job with the same id that is still waiting or running makes this a no-op. */
  async enqueue(name: JobName, id: string, notBefore?: Date): Promise<void> {
    const payload: JobPayload = { id };
    const delay = notBefore ? Math.max(0, notBefore.getTime() - Date.now()) : undefined;
    await this.queues[JOB_QUEUE[name]].add(name, payload, {
      ...JOB_OPTIONS[name],
      jobId: jobId(name, id),
      delay,
    });
  }

  /**
   * Enqueues after a commit. A Redis failure is logged, not thrown: the database already holds the
   * work and the reconciler will enqueue it again.
   */
  async enqueueAfterCommit(followUps: readonly FollowUp[]): Promise<void> {
    for (const { job, id, notBefore } of followUps) {
      try {
        await this.enqueue(job, id, notBefore);
      } catch (error) {
        this.logger.warn({ err: error, job, id }, 'enqueue failed; the reconciler will retry');
      }
    }
  }

  /**
   * Makes sure a live job exists for this work. A finished or failed job kept under the same id
   * would swallow the add, so it is removed first.
   */
  async ensureLive(name: JobName, id: string, notBefore?: Date): Promise<boolean> {
    const queue = this.queues[JOB_QUEUE[name]];
    const existing: Job | undefined = await queue.getJob(jobId(name, id));
    if (existing) {
      const state = await existing.getState();
      if (LIVE_STATES.has(state)) return false;
      await existing.remove().catch(() => undefined);
    }
    await this.enqueue(name, id, notBefore);
    return true;
  }
}
