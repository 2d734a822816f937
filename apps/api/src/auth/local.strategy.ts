import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import {
  AuthService,
  LoginLockoutService,
  TooManyRequestsError,
  UnauthenticatedError,
  UserEntity,
} from '@app/core';

/** E-mail and password; an account under lockout is refused before its password is even checked. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly auth: AuthService,
    private readonly lockout: LoginLockoutService,
  ) {
    super({ usernameField: 'email', passwordField: 'password', session: false });
  }

  async validate(email: string, password: string): Promise<UserEntity> {
    const wait = await this.lockout.retryAfter(email);
    if (wait > 0) throw new TooManyRequestsError(`Too many failed logins; try again in ${wait} s`, wait);
    const user = await this.auth.verifyCredentials(email, password);
    if (!user) {
      await this.lockout.recordFailure(email);
      throw new UnauthenticatedError('The e-mail or password is wrong');
    }
    await this.lockout.recordSuccess(email);
    return user;
  }
}
