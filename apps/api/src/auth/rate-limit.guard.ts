import { ExecutionContext, Injectable } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';
import type { Caller } from './caller';

/** The named limits (configured in ApiModule). */
export type LimitName = 'login' | 'submit' | 'public';
const LIMIT_NAMES: readonly LimitName[] = ['login', 'submit', 'public'];

/**
 * The throttler applies every named limit to every route it guards unless told to skip it; this
 * keeps only `name`, so adding a limit never means editing every other rate-limited route.
 */
export const OnlyLimit = (name: LimitName): MethodDecorator & ClassDecorator =>
  SkipThrottle(
    Object.fromEntries(LIMIT_NAMES.filter((other) => other !== name).map((other) => [other, true])),
  );

/** Counts per authenticated caller where there is one (a bot's key), else per client address. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as Caller | undefined;
    if (user?.kind === 'bot') return Promise.resolve(`bot:${user.botId}`);
    if (user?.kind === 'user') return Promise.resolve(`user:${user.userId}`);
    return Promise.resolve(`ip:${String(req.ip)}`);
  }

  /** Named limits get `Retry-After-<name>` from the library; clients and proxies only know `Retry-After`. */
  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(detail.timeToBlockExpire));
    return super.throwThrottlingException(context, detail);
  }
}
