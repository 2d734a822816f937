import type { Job } from 'bullmq';
import type { JobName, JobPayload } from '@app/queues';

/** A thin handler for one job name: it parses the payload and calls a service. */
export interface JobProcessor {
  readonly jobName: JobName;
  process(job: Job<JobPayload>): Promise<unknown>;
}

export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');
