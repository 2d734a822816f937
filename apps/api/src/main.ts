import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigService } from '@nestjs/config';
import type { Env } from '@app/config';
import { ApiModule } from './api.module';
import { configureApp } from './configure-app';

/** Starts the HTTP API alone; `quorate serve` starts it together with the worker. */
export async function startApi(
  env: Record<string, string | undefined> = process.env,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(await ApiModule.forRoot(env), {
    bufferLogs: true,
  });
  configureApp(app);
  const config = app.get(ConfigService<Env, true>);
  await app.listen(config.get('PORT', { infer: true }), config.get('HOST', { infer: true }));
  return app;
}

if (require.main === module) {
  startApi()
    .then((app) => app.enableShutdownHooks())
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
