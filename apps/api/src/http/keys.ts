import { BadRequestException, PipeTransform } from '@nestjs/common';
import { Matches } from 'class-validator';

/** Asset classes, groups and rule sets are named by keys like these, in URLs, bodies and the ledger. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const RULE = 'must be 1-64 lowercase letters, digits or dashes';

/** A body or query field holding one key. */
export const IsKey = (field: string): PropertyDecorator =>
  Matches(KEY_PATTERN, { message: `${field} ${RULE}` });

/** A body field holding a list of keys. */
export const AreKeys = (what: string): PropertyDecorator =>
  Matches(KEY_PATTERN, { each: true, message: `each ${what} ${RULE}` });

/** A path or query parameter holding a key: anything else is a 400 that names the parameter. */
export class ParseKeyPipe implements PipeTransform<string | undefined, string | undefined> {
  constructor(
    private readonly name: string,
    private readonly options: { optional?: boolean } = {},
  ) {}

  transform(value: string | undefined): string | undefined {
    if (value === undefined && this.options.optional) return undefined;
    if (value === undefined || !KEY_PATTERN.test(value))
      throw new BadRequestException(`${this.name} ${RULE}`);
    return value;
  }
}
