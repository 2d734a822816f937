import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { ErrorKind, isTransientError, PendingError, QuorateError, TooManyRequestsError } from '@app/core';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

const STATUS_FOR_KIND: Record<ErrorKind, number> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  bad_request: HttpStatus.BAD_REQUEST,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
};

/** The one place where errors become HTTP responses, all in the same JSON shape. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error({ err: exception }, 'request failed');
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof TooManyRequestsError || exception instanceof PendingError)
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const { message, details } =
        typeof response === 'string' ? { message: response, details: undefined } : unpack(response);
      return shape(status, message ?? exception.message, details);
    }
    if (exception instanceof QuorateError) {
      return shape(STATUS_FOR_KIND[exception.kind], exception.message, exception.details);
    }
    const { status, type, expose, message } = (exception ?? {}) as Record<string, unknown>;
    // body-parser's errors (malformed JSON, body too large) are client errors it marks as safe to show.
    if (typeof status === 'number' && status >= 400 && status < 500 && expose === true) {
      return shape(
        status,
        type === 'entity.parse.failed' ? 'The request body is not valid JSON' : String(message),
      );
    }
    // PostgreSQL or Redis unreachable or restarting, a dropped connection, a busy pool, a deadlock: the
    // request was fine and may be repeated. The same classification the workers retry by.
    if (isTransientError(exception)) {
      return shape(HttpStatus.SERVICE_UNAVAILABLE, 'The service is briefly unavailable; try again shortly');
    }
    return shape(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }
}

function unpack(response: object): { message?: string; details?: unknown } {
  const { message, details } = response as { message?: unknown; details?: unknown };
  if (Array.isArray(message)) return { message: message.join('; '), details: details ?? message };
  return { message: typeof message === 'string' ? message : undefined, details };
}

function shape(statusCode: number, message: string, details?: unknown): ErrorBody {
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  if (details !== undefined) body.details = details;
  return body;
}
