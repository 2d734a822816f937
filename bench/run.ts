import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchmarkName, BenchOptions, parseOptions, USAGE, UsageError } from './args';
import { httpBenchmark } from './benchmarks/http';
import { ledgerBenchmark } from './benchmarks/ledger';
import { pipelineBenchmark } from './benchmarks/pipeline';
import { scaleBenchmark } from './benchmarks/scale';
import { votesBenchmark } from './benchmarks/votes';
import { formatTable, log, Row } from './report';
import type { RunDirs } from './stack/context';
import { handleInterrupts, wasInterrupted } from './stack/interrupt';

const BENCHMARKS: Record<BenchmarkName, (options: BenchOptions, dirs: RunDirs) => Promise<Row[]>> = {
  pipeline: pipelineBenchmark,
  http: httpBenchmark,
  scale: scaleBenchmark,
  votes: votesBenchmark,
  ledger: ledgerBenchmark,
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  handleInterrupts();
  const logDir = mkdtempSync(join(tmpdir(), 'quorate-bench-'));
  const dirs: RunDirs = { logDir, profileDir: options.profile ? join(logDir, 'profiles') : undefined };
  if (dirs.profileDir) mkdirSync(dirs.profileDir);
  log(`${options.benchmarks.join(', ')}${options.quick ? ' (quick)' : ''}; child logs in ${logDir}`);
  // Other work on the machine moves every figure; the load average says how much there was.
  log(`load average ${loadAverage()}`);
  const started = Date.now();
  const rows: Row[] = [];
  for (const name of options.benchmarks) rows.push(...(await BENCHMARKS[name](options, dirs)));
  log(`done in ${Math.round((Date.now() - started) / 1000)} s; load average ${loadAverage()}`);
  // The children's logs matter only when something went wrong; profiles are what --profile is for.
  if (dirs.profileDir) log(`CPU profiles in ${dirs.profileDir}; summarise with bench/profile-summary.ts`);
  else rmSync(logDir, { recursive: true, force: true });
  console.log(formatTable(rows));
}

function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`.trim());
      process.exit(2);
    }
    // Whatever failed first once the children were killed, the cause was the interrupt.
    if (wasInterrupted()) {
      console.error('bench interrupted; its database, Redis keys and processes are gone');
      process.exit(130);
    }
    console.error('bench failed:', error);
    process.exit(1);
  },
);
