import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { API_KEY_PREFIX, AuthService, BotAuthService } from '@app/core';
import { AuthorizationHeaderStrategy } from './authorization-header.strategy';
import type { Caller } from './caller';

/** One Authorization header for every caller, and only it; bot keys are told apart by their `qk_` prefix. */
@Injectable()
export class BearerStrategy extends PassportStrategy(AuthorizationHeaderStrategy, 'bearer') {
  constructor(
    private readonly bots: BotAuthService,
    private readonly people: AuthService,
  ) {
    super();
  }

  async validate(token: string): Promise<Caller | false> {
    const caller = token.startsWith(API_KEY_PREFIX)
      ? await this.bots.authenticate(token)
      : await this.people.authenticateAccessToken(token);
    return caller ?? false;
  }
}
