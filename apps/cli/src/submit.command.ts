import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { QuorateApiError, QuorateClient } from '@app/client';
import type { Schemas } from '@app/client';

// A bot's command: it talks to the API over HTTP through libs/client and loads nothing of the server.

export interface SubmitOptions {
  class: string;
  wait?: boolean;
  title?: string;
  mediaType?: string;
  model?: string;
  generator?: string;
  promptSha256?: string;
  url?: string;
  key?: string;
  timeout?: string;
}

/** Exit statuses: released, any other verdict, and no verdict at all (usage, connection, refusal). */
export const EXIT = { released: 0, notReleased: 1, usage: 2 } as const;

const MEDIA_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

type Print = (line: string) => void;

export async function runSubmit(
  file: string,
  options: SubmitOptions,
  env: Record<string, string | undefined> = process.env,
  out: Print = (line) => console.log(line),
  err: Print = (line) => console.error(line),
): Promise<number> {
  const key = options.key ?? env.QUORATE_API_KEY;
  if (!key) {
    err('quorate submit: no API key; pass --key or set QUORATE_API_KEY');
    return EXIT.usage;
  }
  const timeoutSeconds = Number(options.timeout ?? '600');
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    err('quorate submit: --timeout must be a whole number of seconds');
    return EXIT.usage;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    err(`quorate submit: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.usage;
  }
  const client = new QuorateClient({
    baseUrl: options.url ?? env.QUORATE_URL ?? 'http://127.0.0.1:3000',
    token: key,
  });
  try {
    const accepted = await client.submit(submission(file, bytes, options));
    out(`Submitted ${accepted.id} v${accepted.version} (${accepted.status})`);
    if (!options.wait) return EXIT.released;
    const verdict = await client.waitForVerdict(accepted.id, accepted.version, {
      timeoutMs: timeoutSeconds * 1000,
    });
    out(`Verdict: ${verdict.status}`);
    if (verdict.status === 'released') return EXIT.released;
    for (const finding of verdict.findings) out(describe(finding));
    if (verdict.status === 'rejected' || verdict.status === 'expired') {
      out((await client.decisionOf(accepted.id, accepted.version)).explanation.summary);
    }
    return EXIT.notReleased;
  } catch (error) {
    err(`quorate submit: ${explain(error)}`);
    return EXIT.usage;
  }
}

function submission(file: string, bytes: Buffer, options: SubmitOptions): Schemas['SubmitAssetDto'] {
  // Only what was given: the API refuses a field sent as null or empty.
  const provenance: Schemas['ProvenanceDto'] = {};
  if (options.model !== undefined) provenance.model = options.model;
  if (options.generator !== undefined) provenance.generator = options.generator;
  if (options.promptSha256 !== undefined) provenance.promptSha256 = options.promptSha256;
  return {
    classKey: options.class,
    title: options.title ?? basename(file),
    mediaType: options.mediaType ?? MEDIA_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    content: bytes.toString('base64'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...(Object.keys(provenance).length > 0 ? { provenance } : {}),
  };
}

function describe(finding: Schemas['FindingDto']): string {
  const where = finding.location ? ` (line ${finding.location.line}, column ${finding.location.column})` : '';
  return `  ${finding.severity} ${finding.ruleId}: ${finding.message}${where}`;
}

function explain(error: unknown): string {
  if (error instanceof QuorateApiError) return `the API answered ${error.status}: ${error.message}`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}
