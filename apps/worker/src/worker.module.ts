import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { configModule, loggerModule } from '@app/config';
import { CoreModule, DatabaseModule } from '@app/core';
import { QueuesModule } from '@app/queues';
import { DecisionProcessor } from './decision.processor';
import { JOB_PROCESSORS, JobProcessor } from './job-processor';
import { LedgerSequencerLoop } from './ledger-sequencer.loop';
import { WebhookProcessor } from './webhook.processor';
import { ReconcilerLoop } from './reconciler.loop';
import { ReleaseProcessor } from './release.processor';
import { ValidationProcessor } from './validation.processor';
import { WorkerRunner } from './worker-runner';

const PROCESSORS = [ValidationProcessor, ReleaseProcessor, DecisionProcessor, WebhookProcessor];

@Module({})
export class WorkerModule {
  static async forRoot(
    env: Record<string, string | undefined> = process.env,
    logDestination?: DestinationStream,
  ): Promise<DynamicModule> {
    return {
      module: WorkerModule,
      imports: [
        await configModule(env),
        loggerModule(logDestination),
        DatabaseModule.forRoot(),
        QueuesModule.forRoot('worker'),
        CoreModule,
      ],
      providers: [
        ...PROCESSORS,
        {
          provide: JOB_PROCESSORS,
          useFactory: (...processors: JobProcessor[]) => processors,
          inject: PROCESSORS,
        },
        WorkerRunner,
        ReconcilerLoop,
        LedgerSequencerLoop,
      ],
    };
  }
}
