import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ACCESS_KEY, AccessRule } from './access.decorator';
import { Caller, principalOf } from './caller';

/**
 * Applied globally. A route without a declared rule is refused outright, so forgetting to declare
 * access fails closed rather than open.
 */
@Injectable()
export class AccessGuard extends AuthGuard('bearer') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw new ForbiddenException('This route declares no access rule');
    if ('public' in rule) return true;
    await super.canActivate(context);
    const caller = context.switchToHttp().getRequest<Request & { user: Caller }>().user;
    if (!rule.principals.includes(principalOf(caller))) {
      throw new ForbiddenException('Your credentials do not allow this action');
    }
    return true;
  }

  /**
   * The strategy answers bad credentials with `false`; an error means the check itself could not run
   * (the database is away), so it goes to the error filter as it is: a 503, never a misleading 401.
   */
  override handleRequest<T>(error: unknown, user: T | false): T {
    if (error) throw error as Error;
    if (!user) throw new UnauthorizedException('A valid bearer token or API key is required');
    return user;
  }
}
