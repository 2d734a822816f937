import { generateNoteKeys, isValidKeyName } from '@app/domain';

/** Offline: prints a new ledger signing key and the verifier key to publish. */
export function ledgerKeygen(options: { origin: string }): void {
  if (!isValidKeyName(options.origin)) throw new Error('--origin must have no spaces and no "+"');
  const keys = generateNoteKeys(options.origin);
  console.log(`LEDGER_SIGNING_KEY=${keys.signerKey}`);
  console.log(`# Publish the verifier key; keep the signing key secret:\n# ${keys.verifierKey}`);
}
