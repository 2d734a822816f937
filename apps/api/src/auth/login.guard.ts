import { BadRequestException, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import { describeValidationErrors } from '../http/validation.pipe';
import { LoginDto } from './auth.dto';

/**
 * Guards run before pipes, so the body is checked here: a malformed login is a 400 that names the
 * field, not the 401 passport-local would give.
 */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const body: unknown = context.switchToHttp().getRequest<Request>().body;
    const dto = plainToInstance(LoginDto, body ?? {});
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new BadRequestException(describeValidationErrors(errors));
    return (await super.canActivate(context)) as boolean;
  }

  // Passport's own failure handling would turn our typed errors into a bare 401. What the strategy threw
  // goes to the error filter as it is (not only `instanceof Error`: Node's own errors seen from a sandbox,
  // such as a test runner's, are of another realm), so a database outage is a 503.
  override handleRequest<T>(error: unknown, user: T | false): T {
    if (error) throw error as Error;
    if (!user) throw new BadRequestException('email and password are required');
    return user;
  }
}
