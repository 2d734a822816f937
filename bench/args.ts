import { parseArgs } from 'node:util';

export const BENCHMARKS = ['pipeline', 'http', 'scale'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export interface BenchOptions {
  benchmarks: BenchmarkName[];
  quick: boolean;
  /** Measured repetitions of each case; the table shows their median. */
  runs: number;
  /** Submissions per pipeline run. */
  submissions: number;
  /** Requests in flight, for the pipeline's submitter and for autocannon alike. */
  concurrency: number;
  /** Length of one autocannon run. */
  durationSeconds: number;
  /**
   * A measured pipeline run is cut to the submissions the warm-up rate clears in about this long,
   * so that a slow build still finishes the whole bench in minutes; the table shows the size used.
   */
  runSeconds: number;
  /** Writes V8 CPU profiles of the API and worker processes. */
  profile: boolean;
}

export const USAGE = `Usage: npm run bench -- [pipeline] [http] [scale] [--quick] [--runs N] [--submissions N]
                       [--concurrency N] [--duration SECONDS] [--run-seconds SECONDS] [--profile]
Without names every benchmark runs. --quick runs few submissions and short HTTP runs.
A pipeline run sends --submissions texts (default 10000), or fewer where the warm-up's rate would
take longer than --run-seconds (default 30) to clear them.`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      submissions: { type: 'string' },
      concurrency: { type: 'string' },
      duration: { type: 'string' },
      'run-seconds': { type: 'string' },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new UsageError('');
  const unknown = positionals.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new UsageError(`Unknown benchmark(s): ${unknown.join(', ')}`);
  const quick = values.quick ?? false;
  return {
    benchmarks: positionals.length > 0 ? [...new Set(positionals as BenchmarkName[])] : [...BENCHMARKS],
    quick,
    runs: positiveInt('runs', values.runs, 3),
    submissions: positiveInt('submissions', values.submissions, quick ? 200 : 10_000),
    concurrency: positiveInt('concurrency', values.concurrency, 64),
    durationSeconds: positiveInt('duration', values.duration, quick ? 3 : 10),
    runSeconds: positiveInt('run-seconds', values['run-seconds'], quick ? 10 : 30),
    profile: values.profile ?? false,
  };
}

export class UsageError extends Error {}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a positive integer`);
  return value;
}
