import { ValidateIf } from 'class-validator';

/**
 * A field that may be left out. class-validator's own IsOptional also waves null through, and the
 * services take a present null for a value (a NOT NULL column, a version number), so null here is
 * checked like any other value: `{"displayName": null}` is a 400 that names the field.
 */
export const IsOptional = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);
