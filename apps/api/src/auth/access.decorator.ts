import { SetMetadata } from '@nestjs/common';

/** Who may call a route. Every route declares one; a test walks the routes to make sure. */
export type Principal = 'bot' | 'reviewer' | 'admin';
export type AccessRule = { public: true } | { principals: readonly Principal[] };

export const ACCESS_KEY = 'quorate:access';

export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, { public: true });

export const Allow = (...principals: Principal[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { principals });
