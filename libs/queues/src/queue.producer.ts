import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { JOB_QUEUE, JobName, jobId, QueueName, VersionJob } from './queue-names';

const LIVE_STATES = new Set(['active', 'waiting', 'waiting-children', 'delayed', 'prioritized']);

@Injectable()
export class QueueProducer {
  private readonly logger = new Logger(QueueProducer.name);
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.Validation) validation: Queue,
    @InjectQueue(QueueName.Release) release: Queue,
  ) {
    this.queues = { [QueueName.Validation]: validation, [QueueName.Release]: release };
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  /** Adds the job; a job with the same id that is still waiting or running makes this a no-op. */
  async enqueue(name: JobName, versionId: string): Promise<void> {
    const payload: VersionJob = { versionId };
    await this.queues[JOB_QUEUE[name]].add(name, payload, { jobId: jobId(name, versionId) });
  }

  /**
   * Enqueues after a commit. A Redis failure is logged, not thrown: the database already holds the
   * work and the reconciler will enqueue it again.
   */
  async enqueueAfterCommit(name: JobName, versionId: string): Promise<void> {
    try {
      await this.enqueue(name, versionId);
    } catch (error) {
      this.logger.warn({ err: error, job: name, versionId }, 'enqueue failed; the reconciler will retry');
    }
  }

  /**
   * Makes sure a live job exists for this work. A finished or failed job kept under the same id
   * would swallow the add, so it is removed first.
   */
  async ensureLive(name: JobName, versionId: string): Promise<boolean> {
    const queue = this.queues[JOB_QUEUE[name]];
    const existing: Job | undefined = await queue.getJob(jobId(name, versionId));
    if (existing) {
      const state = await existing.getState();
      if (LIVE_STATES.has(state)) return false;
      await existing.remove().catch(() => undefined);
    }
    await this.enqueue(name, versionId);
    return true;
  }
}
