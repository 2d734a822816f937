import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ReleaseService } from '@app/core';
import { JobName, JobPayload } from '@app/queues';
import { JobProcessor } from './job-processor';

@Injectable()
export class ReleaseProcessor implements JobProcessor {
  readonly jobName = JobName.ReleaseVersion;

  constructor(private readonly release: ReleaseService) {}

  async process(job: Job<JobPayload>): Promise<{ status: string | null }> {
    return { status: await this.release.release(job.data.id) };
  }
}
