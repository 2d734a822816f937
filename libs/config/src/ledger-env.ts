import { isValidKeyName, parseSignerKey } from '@app/domain';
import type { Env } from './env.schema';

/** The log's name outside production when nothing is configured. */
export const DEFAULT_LEDGER_ORIGIN = 'quorate.local/ledger';

/**
 * Checks the ledger key settings and settles LEDGER_ORIGIN; returns a problem to report, or undefined.
 * The origin and the key's name must agree: checkpoints carry the origin, and tlog verifiers look the
 * key up by it. Problems never echo the key itself, which is a secret.
 */
export function resolveLedgerSettings(env: Env): string | undefined {
  const key = env.LEDGER_SIGNING_KEY;
  if (key !== undefined) {
    const parsed = parseSignerKey(key);
    if (!parsed.ok) return `LEDGER_SIGNING_KEY: not a usable signer key (${parsed.detail})`;
    if (env.LEDGER_ORIGIN !== undefined && env.LEDGER_ORIGIN !== parsed.value.name) {
      return `LEDGER_ORIGIN: "${env.LEDGER_ORIGIN}" differs from the signing key's name "${parsed.value.name}"`;
    }
    env.LEDGER_ORIGIN = parsed.value.name;
    return undefined;
  }
  if (env.NODE_ENV === 'production') {
    return 'LEDGER_SIGNING_KEY: production needs the ledger signing key of its own (create one with `quorate ledger:keygen --origin <your host>/ledger`)';
  }
  env.LEDGER_ORIGIN ??= DEFAULT_LEDGER_ORIGIN;
  if (!isValidKeyName(env.LEDGER_ORIGIN)) {
    return 'LEDGER_ORIGIN: must be a key name such as example.com/ledger (no spaces, no "+")';
  }
  return undefined;
}
