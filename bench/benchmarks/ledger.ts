import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { BenchOptions } from '../args';
import { APPEND_LANE_RUNS, AUDIT_BATCH } from '../config';
import { appendRate, createRawLog, rawAppendRate } from '../ledger/appends';
import { AuditSample, auditRate, loadEntryBytes, rawHashRate } from '../ledger/audit';
import { LatencySample, proofLatencies, proofLength, rawLookupLatencies } from '../ledger/proofs';
import { openLedger } from '../ledger/services';
import { ledgerDatabase } from '../ledger/template';
import { decodeHex } from '../../libs/domain/src';
import type { PipelineSample } from '../load/stats';

type AppendSample = Awaited<ReturnType<typeof appendRate>>;
import { log, row, Row } from '../report';
import { BenchContext, RunDirs, withContext } from '../stack/context';

/**
 * The ledger's own operations, through the app's services in this process, on a copy of a ledger of
 * --ledger-entries entries: the audit against bare SHA-256 of the same bytes, proofs against a bare
 * primary-key read of as many hashes, then appends against bare single-row inserts.
 */
export async function ledgerBenchmark(options: BenchOptions, dirs: RunDirs): Promise<Row[]> {
  const size = options.ledgerEntries;
  const proofs = options.quick ? 200 : 1000;
  const appends = options.quick ? 200 : 1000;
  return withContext(
    dirs,
    async (context: BenchContext) => {
      const services = await openLedger();
      context.defer(() => services.dataSource.destroy());
      // The services' own pool, sized for the widest run: a second pool of as many connections would
      // pass a default max_connections of 100 on a shared server.
      const pool = (services.dataSource.driver as PostgresDriver).master as Pool;

      log('ledger: reading every entry into memory for the raw hashing baseline');
      let bytes: Awaited<ReturnType<typeof loadEntryBytes>> | undefined = await loadEntryBytes(pool, size);
      const entryBytes = Math.round(bytes.data.length / size);
      const audits: AuditSample[] = [];
      const hashes: number[] = [];
      for (let run = 1; run <= options.runs; run++) {
        hashes.push(rawHashRate(bytes));
        audits.push(await auditRate(services, AUDIT_BATCH));
        log(
          `ledger audit run ${run}/${options.runs}: ${audits[run - 1].perSecond.toFixed(0)} entries/s; ` +
            `raw SHA-256 ${hashes[run - 1].toFixed(0)}/s`,
        );
      }
      bytes = undefined;
      if (new Set(audits.map((a) => a.rootHash)).size !== 1)
        throw new Error('the audits disagree on the root');
      const root = decodeHex(audits[0].rootHash, 32)!;

      log(`ledger: ${proofs} proofs of each kind a run, after ${proofs / 10} of each to warm up`);
      await proofLatencies(services, 'inclusion', size, root, proofs / 10);
      await proofLatencies(services, 'consistency', size, root, proofs / 10);
      const inclusion: LatencySample[] = [];
      const consistency: LatencySample[] = [];
      const lookups: LatencySample[] = [];
      for (let run = 1; run <= options.runs; run++) {
        lookups.push(await rawLookupLatencies(pool, size, proofLength(size), proofs));
        inclusion.push(await proofLatencies(services, 'inclusion', size, root, proofs));
        consistency.push(await proofLatencies(services, 'consistency', size, root, proofs));
        log(
          `ledger proofs run ${run}/${options.runs}: inclusion p99 ${inclusion[run - 1].p99Ms.toFixed(1)} ms, ` +
            `consistency p99 ${consistency[run - 1].p99Ms.toFixed(1)} ms, raw p99 ${lookups[run - 1].p99Ms.toFixed(1)} ms`,
        );
      }

      await createRawLog(pool);
      services.sequencer.onApplicationBootstrap();
      context.defer(() => services.sequencer.beforeApplicationShutdown());
      const appendRuns: { lanes: number; ours: AppendSample[]; base: PipelineSample[] }[] = [];
      for (const lanes of APPEND_LANE_RUNS) {
        log(`ledger: ${appends} appends a run, ${lanes} in flight, after ${appends / 10} to warm up`);
        await rawAppendRate(pool, appends / 10, lanes, entryBytes);
        await appendRate(services, appends / 10, lanes, 'warm-up');
        const ours: AppendSample[] = [];
        const base: PipelineSample[] = [];
        for (let run = 1; run <= options.runs; run++) {
          base.push(await rawAppendRate(pool, appends, lanes, entryBytes));
          ours.push(await appendRate(services, appends, lanes, `run ${run}`));
          const last = ours[run - 1];
          log(
            `ledger appends (${lanes} in flight) run ${run}/${options.runs}: ${last.perSecond.toFixed(0)}/s integrated; ` +
              `queued → integrated p50 ${last.integration.p50Ms.toFixed(1)} ms, p99 ${last.integration.p99Ms.toFixed(1)} ms; ` +
              `raw ${base[run - 1].perSecond.toFixed(0)}/s`,
          );
        }
        appendRuns.push({ lanes, ours, base });
      }

      const entries = size.toLocaleString('en');
      const at = `at ${entries} entries, ${proofs} random`;
      return [
        row(
          `ledger audit: LedgerAudit over ${entries} entries (${AUDIT_BATCH.toLocaleString('en')} a query) vs node:crypto SHA-256 of the same bytes`,
          'entries/s',
          'per-second',
          audits.map((a) => a.perSecond),
          hashes,
          (v) => v,
        ),
        ...latencyRows(
          `ledger inclusion proof (LedgerProofs) ${at}, vs one PG read of as many hashes`,
          inclusion,
          lookups,
        ),
        ...latencyRows(
          `ledger consistency proof (LedgerProofs) ${at}, vs one PG read of as many hashes`,
          consistency,
          lookups,
        ),
        ...appendRuns.flatMap(({ lanes, ours, base }) => {
          const label =
            `ledger appends: LedgerService.append, ${lanes} transactions in flight, until integrated by the sequencer, ` +
            'vs single-row INSERT in a transaction';
          return [
            row(label, 'integrated appends/s', 'per-second', ours, base, (s) => s.perSecond),
            row(label, 'p99 append transaction (ms)', 'ms', ours, base, (s) => s.p99Ms),
            row(label, 'p50 queued → integrated (ms)', 'ms', ours, [], (s) => s.integration.p50Ms),
            row(label, 'p99 queued → integrated (ms)', 'ms', ours, [], (s) => s.integration.p99Ms),
          ];
        }),
      ];
    },
    ledgerDatabase(size),
  );
}

function latencyRows(label: string, measured: LatencySample[], baseline: LatencySample[]): Row[] {
  return [
    row(label, 'p50 latency (ms)', 'ms', measured, baseline, (s) => s.p50Ms),
    row(label, 'p99 latency (ms)', 'ms', measured, baseline, (s) => s.p99Ms),
  ];
}
