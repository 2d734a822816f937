/** Every queue Quorate uses. The worker refuses to start unless each has exactly one processor. */
export enum QueueName {
  Validation = 'validation',
  Release = 'release',
}

export enum JobName {
  ValidateVersion = 'validate-version',
  ReleaseVersion = 'release-version',
}

/** The queue each job travels on. */
export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.ValidateVersion]: QueueName.Validation,
  [JobName.ReleaseVersion]: QueueName.Release,
};

/** Payloads carry ids only; the state lives in PostgreSQL. */
export interface VersionJob {
  versionId: string;
}

/** Deterministic ids: enqueueing the same work twice yields one job. (BullMQ forbids ":" in custom ids.) */
export function jobId(name: JobName, versionId: string): string {
  return `${name}-${versionId}`;
}
