import type { Finding } from './finding';

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export const INTEGRITY_RULE_ID = 'integrity.sha256';

/**
 * Compares the hash the submitter declared with the one recomputed from the stored bytes.
 * Both are lowercase hex; the caller computes the actual hash so this stays free of I/O.
 */
export function checkDeclaredHash(declared: string, actual: string): Finding[] {
  if (declared === actual) return [];
  return [
    {
      ruleId: INTEGRITY_RULE_ID,
      severity: 'error',
      message: `Declared SHA-256 ${declared} does not match the content's SHA-256 ${actual}`,
    },
  ];
}
