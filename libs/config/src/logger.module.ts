import { DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import pino, { DestinationStream } from 'pino';
import type { Env } from './env.schema';
import { redactQueryValues, redactRequestUrl, redactUrls } from './redact';
import { prettyDestination, resolveLogFormat } from './log-format';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Paths of request data that may hold secrets; pino replaces them before anything is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.accessToken',
  '*.refreshToken',
  '*.apiKey',
];

/**
 * Structured logs, JSON unless a person reads them at a terminal (LOG_FORMAT); each HTTP request
 * carries an id, taken from X-Request-Id when it is sane.
 */
export function loggerModule(destination?: DestinationStream): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService<Env, true>) => {
      // Tests pass a stream to read what would have been written: JSON unless they ask otherwise.
      const format = resolveLogFormat(
        config.get('LOG_FORMAT', { infer: true }),
        !destination && process.stdout.isTTY === true,
      );
      return {
        pinoHttp: [
          {
            level: config.get('LOG_LEVEL', { infer: true }),
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            // Messages are redacted too; pino would take a bare error's message unredacted, so it is
            // given explicitly.
            hooks: {
              logMethod(this: pino.Logger, args: unknown[], method: (...args: unknown[]) => void) {
                const redacted = args.map((arg) => (typeof arg === 'string' ? redactUrls(arg) : arg));
                const error = errorIn(redacted[0]);
                if (redacted.length === 1 && error) redacted.push(redactUrls(error.message));
                method.apply(this, redacted);
              },
            },
            // Paths can only name fields; secrets inside URLs need the serializers.
            serializers: {
              req: (req: { url?: string; query?: unknown }) => ({
                ...req,
                url: req.url === undefined ? undefined : redactRequestUrl(req.url),
                query: redactQueryValues(req.query),
              }),
              err: (err: { message?: string; stack?: string }) => ({
                ...err,
                message: err.message === undefined ? undefined : redactUrls(err.message),
                stack: err.stack === undefined ? undefined : redactUrls(err.stack),
              }),
            },
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              const offered = req.headers['x-request-id'];
              const id =
                typeof offered === 'string' && CLIENT_REQUEST_ID.test(offered) ? offered : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
            // Health probes run every few seconds and would drown the useful lines.
            autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
          },
          format === 'pretty' ? prettyDestination({ destination }) : (destination ?? pino.destination(1)),
        ],
      };
    },
  });
}

function errorIn(value: unknown): { message: string } | undefined {
  const candidate = value instanceof Error ? value : (value as { err?: unknown } | null)?.err;
  return candidate instanceof Error ? candidate : undefined;
}
