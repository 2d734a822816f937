import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedBot } from '@app/core';

export type Caller = AuthenticatedBot;

/** The authenticated caller that the access guard put on the request. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const request = ctx.switchToHttp().getRequest<Request & { user?: Caller }>();
  if (!request.user) throw new Error('CurrentCaller used on a route without authentication');
  return request.user;
});
