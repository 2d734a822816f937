import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  type ApiResponseOptions,
  getSchemaPath,
} from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import type { ErrorBody } from './error.filter';

/** The metadata key ApiOperation writes (API_OPERATION, which the package does not export). */
const API_OPERATION = 'swagger/apiOperation';

/** The one error shape the error filter writes, for every 4xx and 5xx. */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ example: 404 })
  statusCode!: number;

  @ApiProperty({ example: 'Not Found', description: 'The HTTP reason phrase of statusCode' })
  error!: string;

  @ApiProperty({ example: 'Asset 4f6c... not found' })
  message!: string;

  @ApiPropertyOptional({
    description: 'Machine-readable specifics: for invalid input, one `{field, problems}` per field at fault',
    oneOf: [
      { type: 'array', items: {} },
      { type: 'object', additionalProperties: true },
    ],
  })
  details?: unknown;
}

/** Why each status is answered; the wording is the same on every route. */
const WHY: Record<number, string> = {
  400: 'The request is malformed or a field is invalid; nothing was written',
  401: 'No valid bearer token or API key',
  403: 'These credentials may not do this',
  404: 'Not found, or not visible to this caller',
  409: 'Conflicts with the current state, such as a stale base version',
  413: 'The content is larger than the configured limit',
  422: 'Well-formed, but refused by the rules of the domain',
  429: 'Rate limited; `Retry-After` says how many seconds to wait',
  503: 'PostgreSQL or Redis is briefly unavailable; the request may be repeated',
};

/** One error status as an OpenAPI response object, with the shared error body. */
export function errorResponse(status: number): ApiResponseOptions & { description: string } {
  return {
    description: WHY[status] ?? STATUS_CODES[status] ?? 'Error',
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } },
    ...(status === 429
      ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
      : {}),
  };
}

/** Documents the error statuses a route can answer. */
export const ApiErrors = (...statuses: number[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiExtraModels(ErrorBodyDto),
    ...statuses.map((status) => ApiResponse({ status, ...errorResponse(status) })),
  );

/**
 * Marks routes as needing no credentials: an explicit empty `security`, overriding the document's
 * default bearer requirement. Swagger's security decorators drop an empty list, so it goes on the
 * operation itself, merged with whatever ApiOperation set or sets later. On a class, every route.
 */
export const ApiNoAuth = (): MethodDecorator & ClassDecorator =>
  ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const handlers = descriptor
      ? [descriptor.value as object]
      : Object.getOwnPropertyNames((target as { prototype: object }).prototype)
          .filter((name) => name !== 'constructor')
          .map((name) => (target as { prototype: Record<string, object> }).prototype[name]);
    for (const handler of handlers) {
      const operation = Reflect.getMetadata(API_OPERATION, handler) as object | undefined;
      Reflect.defineMetadata(API_OPERATION, { ...operation, security: [] }, handler);
    }
    return descriptor ?? target;
  }) as MethodDecorator & ClassDecorator;
