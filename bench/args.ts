import { parseArgs } from 'node:util';

export const BENCHMARKS = ['pipeline', 'http', 'scale', 'votes', 'ledger'] as const;
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
  /** Votes per votes run, spread evenly over `decisions` open decisions. */
  votes: number;
  decisions: number;
  /** Voters casting at once on one decision. */
  voters: number;
  /** Size of the ledger the proofs and the audit are measured on. */
  ledgerEntries: number;
  /** Writes V8 CPU profiles of the API and worker processes. */
  profile: boolean;
}

export const USAGE = `Usage: npm run bench -- [pipeline] [http] [scale] [votes] [ledger] [--quick] [--runs N]
                       [--submissions N] [--concurrency N] [--duration SECONDS] [--run-seconds SECONDS]
                       [--votes N] [--decisions N] [--voters N] [--ledger-entries N] [--profile]
Without names every benchmark runs. --quick runs few submissions, votes and entries, and short HTTP runs.
A pipeline run sends --submissions texts (default 10000), and a votes run --votes votes (default
10000) over --decisions decisions (default 1000), or fewer where the warm-up's rate would take longer
than --run-seconds (default 30) to clear them. Proofs and the audit run on --ledger-entries entries
(default 1000000), built once and kept as a template database.`;

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
      votes: { type: 'string' },
      decisions: { type: 'string' },
      voters: { type: 'string' },
      'ledger-entries': { type: 'string' },
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
    votes: positiveInt('votes', values.votes, quick ? 1000 : 10_000),
    decisions: positiveInt('decisions', values.decisions, quick ? 100 : 1000),
    voters: positiveInt('voters', values.voters, 200),
    ledgerEntries: positiveInt('ledger-entries', values['ledger-entries'], quick ? 100_000 : 1_000_000),
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
