import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { WorkerModule } from './worker.module';

/** Starts the queue workers and the reconciler; no HTTP. */
export async function startWorker(
  env: Record<string, string | undefined> = process.env,
  logDestination?: DestinationStream,
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(await WorkerModule.forRoot(env, logDestination), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await app.init();
  return app;
}

if (require.main === module) {
  startWorker()
    .then((app) => app.enableShutdownHooks())
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
