import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiErrors, ApiNoAuth } from '../http/api-errors.decorator';

/**
 * Who may call a route. Every route declares one; a test walks the routes to make sure. The same
 * declaration documents the route's security in OpenAPI, so the two cannot disagree.
 */
export type Principal = 'bot' | 'reviewer' | 'admin';
export type AccessRule = { public: true } | { principals: readonly Principal[] };

export const ACCESS_KEY = 'quorate:access';

export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_KEY, { public: true }), ApiNoAuth());

export const Allow = (...principals: Principal[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_KEY, { principals }), ApiErrors(401, 403));
