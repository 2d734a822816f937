import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedBot, AuthenticatedUser, LedgerActor } from '@app/core';
import type { Principal } from './access.decorator';

export type Caller = AuthenticatedBot | AuthenticatedUser;

export function principalOf(caller: Caller): Principal {
  return caller.kind === 'bot' ? 'bot' : caller.role;
}

export function actorOf(caller: Caller): LedgerActor {
  return caller.kind === 'bot' ? { type: 'bot', id: caller.botId } : { type: 'user', id: caller.userId };
}

/** The authenticated caller that the access guard put on the request. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const request = ctx.switchToHttp().getRequest<Request & { user?: Caller }>();
  if (!request.user) throw new Error('CurrentCaller used on a route without authentication');
  return request.user;
});

/** For routes only bots may call: the bot, typed as such. */
export const CurrentBot = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedBot => {
  const user = ctx.switchToHttp().getRequest<Request & { user?: Caller }>().user;
  if (user?.kind !== 'bot') throw new Error('CurrentBot used on a route that is not for bots');
  return user;
});
