import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateNoteKeys, isValidKeyName, parseSignerKey } from '@app/domain';
import { DEFAULT_LEDGER_ORIGIN } from '@app/config/ledger-env';

/** The files written, named after the variables that point at them (`JWT_SECRET_FILE=<dir>/JWT_SECRET`). */
const RANDOM_SECRETS = ['JWT_SECRET', 'WEBHOOK_SECRET', 'METRICS_TOKEN'] as const;

/**
 * Offline and idempotent: creates each secret missing from `dir`, and keeps those already there, so a
 * deployment's first start makes its secrets and every later start reuses them. A secret set in the
 * environment is used instead of its file (see resolveSecretFiles), so none is made for it. Prints
 * names, never values, apart from the public verifier key.
 */
export function initSecrets(options: { dir: string; origin?: string }): void {
  const origin = options.origin || process.env.LEDGER_ORIGIN || DEFAULT_LEDGER_ORIGIN;
  if (!isValidKeyName(origin)) throw new Error('--origin must have no spaces and no "+"');
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  for (const name of RANDOM_SECRETS) {
    if (fromEnvironment(name)) continue;
    report(
      name,
      writeOnce(join(options.dir, name), () => randomBytes(48).toString('base64url')),
    );
  }
  const ledgerPath = join(options.dir, 'LEDGER_SIGNING_KEY');
  const given = fromEnvironment('LEDGER_SIGNING_KEY');
  if (!given)
    report(
      'LEDGER_SIGNING_KEY',
      writeOnce(ledgerPath, () => generateNoteKeys(origin).signerKey),
    );
  const parsed = parseSignerKey(given ?? readFileSync(ledgerPath, 'utf8').trim());
  if (!parsed.ok) throw new Error(`LEDGER_SIGNING_KEY is no usable ledger signing key (${parsed.detail})`);
  console.log(`Ledger verifier key (publish it): ${parsed.value.verifierKey}`);
}

function fromEnvironment(name: string): string | undefined {
  const value = process.env[name];
  if (!value) return undefined;
  console.log(`${name}: given in the environment, no file needed`);
  return value;
}

function writeOnce(path: string, make: () => string): boolean {
  if (existsSync(path)) return false;
  // `wx` fails rather than overwrite a secret another process created in the meantime.
  writeFileSync(path, `${make()}\n`, { mode: 0o600, flag: 'wx' });
  return true;
}

function report(name: string, created: boolean): void {
  console.log(`${name}: ${created ? 'created' : 'kept the existing one'}`);
}
