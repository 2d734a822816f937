import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Env, validateEnv } from '../../libs/config/src';
import { dataSourceOptions } from '../../libs/core/src/data-source-options';
import { LedgerSequencerLoop } from '../../apps/worker/src/ledger-sequencer.loop';
import {
  LedgerAudit,
  LedgerCheckpoints,
  LedgerKeys,
  LedgerProofs,
  LedgerSequencer,
  LedgerService,
  LedgerWakeup,
} from '../../libs/core/src/ledger';
import { BENCH_DATABASE_URL } from '../config';

/** The app's own ledger services on the bench database, in this process, wired as the CLI wires them. */
export interface LedgerServices {
  dataSource: DataSource;
  keys: LedgerKeys;
  ledger: LedgerService;
  proofs: LedgerProofs;
  audit: LedgerAudit;
  /** The worker's sequencer loop (elected, woken by the queue's notifications), not yet started. */
  sequencer: LedgerSequencerLoop;
}

export async function openLedger(): Promise<LedgerServices> {
  // A pool for the widest append run plus the sequencer's batches.
  const env = validateEnv({
    NODE_ENV: 'development',
    DATABASE_URL: BENCH_DATABASE_URL,
    DATABASE_POOL_SIZE: '66',
  });
  const dataSource = await new DataSource({ ...dataSourceOptions(env), logging: false }).initialize();
  const config = new ConfigService<Env, true>(env);
  new LedgerWakeup(dataSource).onModuleInit();
  const keys = new LedgerKeys(dataSource, config);
  const checkpoints = new LedgerCheckpoints(dataSource, keys);
  return {
    dataSource,
    keys,
    ledger: new LedgerService(),
    proofs: new LedgerProofs(dataSource),
    audit: new LedgerAudit(dataSource, keys),
    sequencer: new LedgerSequencerLoop(new LedgerSequencer(dataSource, keys, checkpoints), config),
  };
}
