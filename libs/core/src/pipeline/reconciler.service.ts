import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { VersionStatus } from '@app/domain';
import { JobName, QueueProducer } from '@app/queues';
import { AdvisoryLock } from '../advisory-locks';

/** Which job moves a version on from each state the system still owes work in. */
const JOB_FOR_STATUS: Partial<Record<VersionStatus, JobName>> = {
  [VersionStatus.Submitted]: JobName.ValidateVersion,
  [VersionStatus.Validating]: JobName.ValidateVersion,
  [VersionStatus.Approved]: JobName.ReleaseVersion,
};

export interface SweepResult {
  checked: number;
  enqueued: number;
}

/**
 * PostgreSQL is the source of truth and Redis only transport: the sweep finds versions the database
 * says are pending and makes sure each has a live job, so a flushed or restarted Redis loses no work.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueProducer,
  ) {}

  async sweep(options: { graceMs: number; batch: number }): Promise<SweepResult> {
    // One sweeper at a time across all worker processes; the others skip this round.
    return this.dataSource.transaction(async (em) => {
      const [{ locked }] = await em.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [AdvisoryLock.Reconciler],
      );
      if (!locked) return { checked: 0, enqueued: 0 };
      const pending = await em.query<{ id: string; status: VersionStatus }[]>(
        `SELECT id, status FROM asset_versions
          WHERE status IN ('submitted', 'validating', 'approved')
            AND updated_at < now() - make_interval(secs => $1::float / 1000)
          ORDER BY updated_at
          LIMIT $2`,
        [options.graceMs, options.batch],
      );
      let enqueued = 0;
      for (const { id, status } of pending) {
        const job = JOB_FOR_STATUS[status];
        if (job && (await this.queues.ensureLive(job, id))) enqueued++;
      }
      // A decision whose deadline passed closes even if its delayed job was lost.
      const overdue = await em.query<{ id: string }[]>(
        `SELECT id FROM decisions WHERE state = 'open' AND deadline < now() ORDER BY deadline LIMIT $1`,
        [options.batch],
      );
      for (const { id } of overdue) if (await this.queues.ensureLive(JobName.CloseDecision, id)) enqueued++;
      const deliveries = await em.query<{ id: string }[]>(
        `SELECT id FROM webhook_deliveries
          WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1::float / 1000)
          ORDER BY created_at LIMIT $2`,
        [options.graceMs, options.batch],
      );
      for (const { id } of deliveries)
        if (await this.queues.ensureLive(JobName.DeliverWebhook, id)) enqueued++;
      if (enqueued > 0) this.logger.log({ enqueued }, 're-enqueued pending work');
      return { checked: pending.length + overdue.length + deliveries.length, enqueued };
    });
  }
}
