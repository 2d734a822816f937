import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { defaultValidationContext, ValidationService } from '@app/core';
import { JobName, JobPayload } from '@app/queues';
import { JobProcessor } from './job-processor';

/**
 * Transient failures are thrown and BullMQ retries them with exponential backoff; the service fails
 * the version itself on anything else, so a poisonous input never loops.
 */
@Injectable()
export class ValidationProcessor implements JobProcessor {
  readonly jobName = JobName.ValidateVersion;
  private readonly worker = defaultValidationContext().worker;

  constructor(private readonly validation: ValidationService) {}

  async process(job: Job<JobPayload>): Promise<{ status: string | null }> {
    const attempt = job.attemptsMade + 1;
    return { status: await this.validation.validate(job.data.id, { worker: this.worker, attempt }) };
  }
}
