import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { API_KEY_PREFIX, AuthService, BotAuthService } from '@app/core';
import type { Caller } from './caller';

/** One Authorization header for every caller; bot keys are told apart by their `qk_` prefix. */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
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
