import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { WebhookService } from '@app/core';
import { JobName, JobPayload } from '@app/queues';
import { JobProcessor } from './job-processor';

/** One delivery attempt; BullMQ's backoff spaces out the retries. */
@Injectable()
export class WebhookProcessor implements JobProcessor {
  readonly jobName = JobName.DeliverWebhook;

  constructor(private readonly webhooks: WebhookService) {}

  async process(job: Job<JobPayload>): Promise<void> {
    try {
      await this.webhooks.deliver(job.data.id);
    } catch (error) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.webhooks.giveUp(job.data.id);
      throw error;
    }
  }
}
