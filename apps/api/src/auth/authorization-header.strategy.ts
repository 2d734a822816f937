import type { Request } from 'express';
import { Strategy } from 'passport-strategy';

type Verified = (error: unknown, user?: unknown) => void;

/**
 * A bearer credential from the Authorization header and nowhere else. passport-http-bearer also
 * takes `?access_token=` and a body field; a key in a URL ends up in access logs, proxies and
 * browser history, so those are not credentials here (and a request offering one is not signed in).
 */
export class AuthorizationHeaderStrategy extends Strategy {
  name = 'bearer';

  constructor(private readonly verify: (token: string, done: Verified) => void) {
    super();
  }

  override authenticate(req: Request): void {
    const match = /^Bearer ([^\s]+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return this.fail('Bearer', 401);
    this.verify(match[1], (error, user) => {
      if (error) return this.error(error as Error);
      if (!user) return this.fail('Bearer error="invalid_token"', 401);
      this.success(user);
    });
  }
}
