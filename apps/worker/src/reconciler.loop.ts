import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@app/config';
import { ReconcilerService } from '@app/core';

/** Runs the reconciler's sweep on a fixed period, never two at once in this process. */
@Injectable()
export class ReconcilerLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReconcilerLoop.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    const period = this.config.get('RECONCILE_INTERVAL_MS', { infer: true });
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => this.schedule());
    }, period);
  }

  private async tick(): Promise<void> {
    const period = this.config.get('RECONCILE_INTERVAL_MS', { infer: true });
    try {
      // Work younger than one period is left alone: its own job is most likely still on the way.
      await this.reconciler.sweep({ graceMs: period, batch: 500 });
    } catch (error) {
      this.logger.warn({ err: error }, 'reconciler sweep failed; will retry next period');
    }
  }
}
