import { applyDecorators, BadRequestException, PipeTransform } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';

/** Versions of assets, rule sets and policies are PostgreSQL integers; nine digits keeps them in range. */
export const MAX_VERSION = 999_999_999;
const VERSION_NUMBER = /^[1-9][0-9]{0,8}$/;
const RULE = `must be a version number from 1 to ${MAX_VERSION}`;

/** A path parameter holding a version number: anything else, a huge number included, is a 400. */
export class ParseVersionPipe implements PipeTransform<unknown, number> {
  constructor(private readonly name = 'n') {}

  transform(value: unknown): number {
    if (typeof value !== 'string' || !VERSION_NUMBER.test(value))
      throw new BadRequestException(`${this.name} ${RULE}`);
    return Number(value);
  }
}

/** A body field holding a version number. */
export const IsVersionNumber = (field: string): PropertyDecorator =>
  applyDecorators(
    IsInt({ message: `${field} ${RULE}` }),
    Min(1, { message: `${field} ${RULE}` }),
    Max(MAX_VERSION, { message: `${field} ${RULE}` }),
  );
