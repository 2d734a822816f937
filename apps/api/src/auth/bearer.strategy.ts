import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { BotAuthService } from '@app/core';
import type { Caller } from './caller';

/** One Authorization header for every caller; bot keys are told apart by their `qk_` prefix. */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly bots: BotAuthService) {
    super();
  }

  async validate(token: string): Promise<Caller | false> {
    return (await this.bots.authenticate(token)) ?? false;
  }
}
