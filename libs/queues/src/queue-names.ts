/** Every queue Quorate uses. The worker refuses to start unless each job has exactly one processor. */
export enum QueueName {
  Validation = 'validation',
  Release = 'release',
  Decisions = 'decisions',
  Webhooks = 'webhooks',
}

export enum JobName {
  ValidateVersion = 'validate-version',
  ReleaseVersion = 'release-version',
  CloseDecision = 'close-decision',
  DeliverWebhook = 'deliver-webhook',
}

/** The queue each job travels on. */
export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.ValidateVersion]: QueueName.Validation,
  [JobName.ReleaseVersion]: QueueName.Release,
  [JobName.CloseDecision]: QueueName.Decisions,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
};

/** Payloads carry one id only (a version, decision or delivery); the state lives in PostgreSQL. */
export interface JobPayload {
  id: string;
}

/** Deterministic ids: enqueueing the same work twice yields one job. (BullMQ forbids ":" in custom ids.) */
export function jobId(name: JobName, id: string): string {
  return `${name}-${id}`;
}

/** A job to add once the transaction that made it necessary has committed. */
export interface FollowUp {
  job: JobName;
  id: string;
  /** Run no earlier than this. */
  notBefore?: Date;
}
