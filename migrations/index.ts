import { InitialSchema1764050000000 } from './1764050000000-initial-schema';
import { Identity1764060000000 } from './1764060000000-identity';

/** Listed as classes, not globs, so the same list works under ts-jest and from dist. */
export const MIGRATIONS = [InitialSchema1764050000000, Identity1764060000000];
