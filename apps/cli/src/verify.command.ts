import { existsSync, readFileSync } from 'node:fs';
import {
  decodeBase64,
  LedgerEventKind,
  MAX_BUNDLE_ENTRIES,
  parseLedgerEvent,
  parseVerifierKey,
  verifyBundle,
  verifyEnvelope,
} from '@app/domain';
import type { BundleReport } from '@app/domain';

// Offline by design: this file needs only the bundle, the public key and, optionally, the asset.
// It imports nothing that talks to a database, a queue or Nest.

export interface VerifyOptions {
  key: string;
  asset?: string;
  json?: boolean;
}

export interface RequiredKinds {
  kinds: string[];
  why: string;
}

/**
 * The statements a bundle must hold. Every version is submitted, validated and released; a decision
 * exists only where people voted. Whether they did is read from the signed validation statement, never
 * from unauthenticated bundle fields: validation moves a version of an auto-mode class straight to
 * `approved`, and anything else to review, which must then end in `decision.closed`. Stripping the
 * decision or the validation entry from a bundle therefore still fails.
 */
export function requiredKindsFor(bundle: unknown, verifierKey: string): RequiredKinds {
  const always = [LedgerEventKind.Submitted, LedgerEventKind.Validated, LedgerEventKind.Released];
  const reviewed: RequiredKinds = {
    kinds: [
      LedgerEventKind.Submitted,
      LedgerEventKind.Validated,
      LedgerEventKind.DecisionClosed,
      LedgerEventKind.Released,
    ],
    why: 'no signed validation statement approves this version without review, so a decision is required',
  };
  const key = parseVerifierKey(verifierKey);
  if (!key.ok || typeof bundle !== 'object' || bundle === null) return reviewed;
  const { assetId, versionNumber, entries } = bundle as Record<string, unknown>;
  if (!Array.isArray(entries) || entries.length > MAX_BUNDLE_ENTRIES) return reviewed;
  for (const entry of entries as unknown[]) {
    const bytes = decodeBase64((entry as { envelope?: unknown } | null)?.envelope);
    if (bytes === undefined) continue;
    const opened = verifyEnvelope(bytes, key.value.publicKey);
    if (!opened.ok) continue;
    const event = parseLedgerEvent(opened.value.statement);
    if (!event.ok) continue;
    const e = event.value;
    if (
      e.kind === LedgerEventKind.Validated &&
      e.assetId === assetId &&
      e.versionNumber === versionNumber &&
      e.data.status === 'approved'
    ) {
      return {
        kinds: always,
        why: 'validation approved this version without review (auto mode): no decision',
      };
    }
  }
  return reviewed;
}

/** Accepts the verifier key itself or a file holding it. */
export function readVerifierKey(value: string): string {
  if (parseVerifierKey(value.trim()).ok || !existsSync(value)) return value.trim();
  return readFileSync(value, 'utf8').trim();
}

/** Runs the check and prints a report; returns the process exit code (0 verified, 1 anything else). */
export function runVerify(bundlePath: string, options: VerifyOptions, print = console.log): number {
  let bundleText: string;
  let asset: Buffer | undefined;
  let key: string;
  try {
    key = readVerifierKey(options.key);
    bundleText = readFileSync(bundlePath, 'utf8');
    asset = options.asset === undefined ? undefined : readFileSync(options.asset);
  } catch (error) {
    print(`quorate verify: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  let bundle: unknown = bundleText;
  try {
    bundle = JSON.parse(bundleText);
  } catch {
    // Left as text: verifyBundle reports it as malformed, in the same report as everything else.
  }
  const required = requiredKindsFor(bundle, key);
  const report = verifyBundle(bundle, key, asset, { requiredKinds: required.kinds });
  if (options.json) print(JSON.stringify({ ...report, requiredKinds: required.kinds }, null, 2));
  else print(formatReport(report, required, asset !== undefined));
  return report.ok ? 0 : 1;
}

export function formatReport(report: BundleReport, required: RequiredKinds, withAsset: boolean): string {
  const width = Math.max(...report.checks.map((c) => c.name.length), 4);
  const lines = report.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(width)}  ${c.detail}`);
  const failed = report.checks.filter((c) => !c.ok);
  return [
    `Required statements: ${required.kinds.join(', ')}`,
    `  (${required.why})`,
    withAsset ? '' : "No --asset given: no file was checked against the bundle's content hash.",
    ...lines,
    '',
    report.ok
      ? `VERIFIED: all ${report.checks.length} checks passed`
      : `FAILED: ${failed.length} of ${report.checks.length} checks failed: ${failed.map((c) => c.name).join(', ')}`,
  ]
    .filter((line, i) => line !== '' || i > 2)
    .join('\n');
}
