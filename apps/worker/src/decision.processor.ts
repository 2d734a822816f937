import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DecisionService } from '@app/core';
import { JobName, JobPayload } from '@app/queues';
import { JobProcessor } from './job-processor';

/** Runs at a decision's deadline and closes it. */
@Injectable()
export class DecisionProcessor implements JobProcessor {
  readonly jobName = JobName.CloseDecision;

  constructor(private readonly decisions: DecisionService) {}

  async process(job: Job<JobPayload>): Promise<void> {
    await this.decisions.closeIfDue(job.data.id);
  }
}
