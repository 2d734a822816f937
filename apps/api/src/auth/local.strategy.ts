import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import {
  AuthService,
  LoginLockoutService,
  TooManyRequestsError,
  UnauthenticatedError,
  UserEntity,
} from '@app/core';

/**
 * E-mail and password. The attempt is counted against the account and the client's address before
 * the password is checked, so parallel guesses cannot slip past the lockout while hashes run.
 */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly auth: AuthService,
    private readonly lockout: LoginLockoutService,
  ) {
    super({ usernameField: 'email', passwordField: 'password', session: false, passReqToCallback: true });
  }

  async validate(request: Request, email: string, password: string): Promise<UserEntity> {
    const address = String(request.ip);
    const wait = await this.lockout.reserve(email, address);
    if (wait > 0) throw new TooManyRequestsError(`Too many failed logins; try again in ${wait} s`, wait);
    const user = await this.auth.verifyCredentials(email, password);
    if (!user) throw new UnauthenticatedError('The e-mail or password is wrong');
    await this.lockout.release(email, address);
    return user;
  }
}
