import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Env, validateEnv } from '@app/config';
import { dataSourceOptions, LedgerAudit, LedgerKeys } from '@app/core';
import type { AuditReport } from '@app/core';

/** The ledger key for commands that run without Nest, resolved exactly as the services do. */
export function ledgerKeys(dataSource: DataSource, env: Env = validateEnv(process.env)): LedgerKeys {
  return new LedgerKeys(dataSource, new ConfigService<Env, true>(env));
}

export async function ledgerAudit(options: { batchSize: string }): Promise<void> {
  const env = validateEnv(process.env);
  const batchSize = Number(options.batchSize);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new Error('--batch-size must be a positive integer');
  const dataSource = await new DataSource(dataSourceOptions(env)).initialize();
  try {
    const audit = new LedgerAudit(dataSource, ledgerKeys(dataSource, env));
    const report = await audit.run({
      batchSize,
      onProgress: (checked, size) => process.stderr.write(`\raudited ${checked} of ${size} entries`),
    });
    process.stderr.write('\n');
    console.log(formatAudit(report));
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

function formatAudit(report: AuditReport): string {
  const lines = [
    `Entries:     ${report.entriesChecked} of ${report.size}`,
    `Subtrees:    ${report.subtreesChecked}`,
    `Checkpoints: ${report.checkpointsChecked}` +
      (report.checkpointsByOtherKeys ? ` (${report.checkpointsByOtherKeys} signed by an earlier key)` : ''),
    `Root:        ${report.rootHash}`,
    ...report.problems.map((p) => `  ${p.problem}`),
  ];
  if (report.problemCount > report.problems.length) {
    lines.push(`  ... and ${report.problemCount - report.problems.length} more`);
  }
  lines.push(
    report.ok
      ? 'OK: the ledger matches every stored hash and signed checkpoint'
      : `TAMPERED: ${report.problemCount} problem(s); first bad index: ${report.firstBadIndex ?? 'not pinned to one entry'}`,
  );
  return lines.join('\n');
}
