import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ValidationService } from '@app/core';
import { JobName, VersionJob } from '@app/queues';
import { JobProcessor } from './job-processor';

@Injectable()
export class ValidationProcessor implements JobProcessor {
  readonly jobName = JobName.ValidateVersion;

  constructor(private readonly validation: ValidationService) {}

  async process(job: Job<VersionJob>): Promise<{ status: string | null }> {
    return { status: await this.validation.validate(job.data.versionId) };
  }
}
