import { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Request, Response as ExpressResponse } from 'express';
import { MetricsService } from '@app/core';
import { Logger } from 'nestjs-pino';
import type { Env } from '@app/config';
import { answerUnparsableRequests } from './http/client-error';
import { buildOpenApiDocument } from './http/openapi.document';
import { createValidationPipe } from './http/validation.pipe';
import { securityHeaders, serveWebApp } from './http/web-app';

/** Everything main.ts and the tests both apply to the HTTP app, so tests exercise the real setup. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get(ConfigService<Env, true>);
  app.useLogger(app.get(Logger));
  answerUnparsableRequests(app.getHttpServer());
  app.use(securityHeaders());
  serveWebApp(app);
  const httpDuration = app.get(MetricsService).httpDuration;
  app.use((req: Request, res: ExpressResponse, next: () => void) => {
    const stop = httpDuration.startTimer({ method: req.method });
    // The route pattern, not the path, so ids do not explode the label set.
    res.on('finish', () =>
      stop({
        route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched',
        status: res.statusCode,
      }),
    );
    next();
  });
  // Behind a load balancer the client address comes from X-Forwarded-For; rate limits key on it.
  if (config.get('TRUST_PROXY', { infer: true })) app.set('trust proxy', 1);
  // Base64 inflates content by a third; leave room for the JSON around it.
  const bodyLimit = Math.ceil((config.get('MAX_CONTENT_BYTES', { infer: true }) * 4) / 3) + 64 * 1024;
  app.useBodyParser('json', { limit: bodyLimit });
  app.useGlobalPipes(createValidationPipe());
  const origin = config.get('CORS_ORIGIN', { infer: true });
  if (origin) app.enableCors({ origin: origin.split(',').map((o) => o.trim()) });

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document);
  return app;
}
