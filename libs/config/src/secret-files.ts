import { readFileSync } from 'node:fs';

/** Settings that may come from a file named by `<NAME>_FILE`, as Docker and Kubernetes mount secrets. */
export const FILE_SECRETS = ['JWT_SECRET', 'WEBHOOK_SECRET', 'METRICS_TOKEN', 'LEDGER_SIGNING_KEY'] as const;

export type ReadSecret = (path: string) => string;

const readUtf8: ReadSecret = (path) => readFileSync(path, 'utf8');

/**
 * Returns the environment with each `<NAME>_FILE` replaced by the file's contents under `<NAME>`, or
 * the problems found (one line per variable). A `<NAME>` that is set wins and its file is not read:
 * that is how a deployment passes in its own secret where a generated file also exists. Problems name
 * the file, never its contents.
 */
export function resolveSecretFiles(
  raw: Record<string, unknown>,
  read: ReadSecret = readUtf8,
): { env: Record<string, unknown>; problems: string[] } {
  const env = { ...raw };
  const problems: string[] = [];
  for (const name of FILE_SECRETS) {
    const path = raw[`${name}_FILE`];
    delete env[`${name}_FILE`];
    if (path === undefined || path === '' || (raw[name] !== undefined && raw[name] !== '')) continue;
    if (typeof path !== 'string') {
      problems.push(`${name}_FILE: must be a file path`);
    } else {
      try {
        // A trailing newline is what `echo` and editors leave; it is never part of the secret.
        const value = read(path).replace(/\r?\n$/, '');
        if (value === '') problems.push(`${name}_FILE: ${path} is empty`);
        else env[name] = value;
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'unreadable';
        problems.push(`${name}_FILE: cannot read ${path} (${code})`);
      }
    }
  }
  return { env, problems };
}
