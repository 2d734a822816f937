import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Caller } from './caller';

/** Counts per authenticated caller where there is one (a bot's key), else per client address. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as Caller | undefined;
    if (user?.kind === 'bot') return Promise.resolve(`bot:${user.botId}`);
    if (user?.kind === 'user') return Promise.resolve(`user:${user.userId}`);
    return Promise.resolve(`ip:${String(req.ip)}`);
  }
}
