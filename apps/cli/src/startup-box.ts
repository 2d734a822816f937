import type { DemoCredentials } from '@app/core';

/** Lines framed in a box, so they stand out from the log lines around them. */
export function box(lines: readonly string[]): string {
  const width = Math.max(...lines.map((line) => [...line].length));
  const pad = (line: string) => line + ' '.repeat(width - [...line].length);
  return [
    `┌${'─'.repeat(width + 2)}┐`,
    ...lines.map((line) => `│ ${pad(line)} │`),
    `└${'─'.repeat(width + 2)}┘`,
  ].join('\n');
}

/** What a person needs right after start-up: where it runs, how to sign in, and a first request. */
export function startupLines(options: {
  /** The first line; by default that Quorate runs at baseUrl. */
  heading?: string;
  baseUrl: string;
  demo?: DemoCredentials;
  verifierKey?: string;
}): string[] {
  const { baseUrl, demo } = options;
  const lines = [options.heading ?? `Quorate is running at ${baseUrl}  (API docs: ${baseUrl}/docs)`];
  if (options.verifierKey) lines.push(`Ledger verifier key: ${options.verifierKey}`);
  if (!demo) return lines;
  lines.push(
    '',
    `Demo asset class: ${demo.classKey} (mode auto: validated, then released without a vote)`,
    demo.adminPassword
      ? `Admin:   ${demo.adminEmail} / ${demo.adminPassword}   (shown once)`
      : `Admin:   ${demo.adminEmail} (created earlier; its password was shown then)`,
    demo.botKey
      ? `Bot key: ${demo.botKey}   (shown once; only its hash is stored)`
      : 'Bot key: created earlier; it was shown then',
  );
  if (demo.botKey) {
    lines.push(
      '',
      'Submit a text asset:',
      `  TEXT='Hello from a bot'; SHA=$(printf %s "$TEXT" | sha256sum | cut -d' ' -f1)`,
      `  curl -s -X POST ${baseUrl}/v1/assets -H 'Content-Type: application/json' \\`,
      `    -H 'Authorization: Bearer ${demo.botKey}' \\`,
      `    -d '{"classKey":"${demo.classKey}","title":"Hello","mediaType":"text/plain","text":"'"$TEXT"'","sha256":"'"$SHA"'"}'`,
    );
  }
  return lines;
}
