import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Env, validateEnv } from '../../libs/config/src';
import { dataSourceOptions } from '../../libs/core/src/data-source-options';
import { LedgerAudit, LedgerKeys, LedgerProofs, LedgerService } from '../../libs/core/src/ledger';
import { BENCH_DATABASE_URL } from '../config';

/** The app's own ledger services on the bench database, in this process, wired as the CLI wires them. */
export interface LedgerServices {
  dataSource: DataSource;
  keys: LedgerKeys;
  ledger: LedgerService;
  proofs: LedgerProofs;
  audit: LedgerAudit;
}

export async function openLedger(): Promise<LedgerServices> {
  const env = validateEnv({ NODE_ENV: 'development', DATABASE_URL: BENCH_DATABASE_URL });
  const dataSource = await new DataSource({ ...dataSourceOptions(env), logging: false }).initialize();
  const keys = new LedgerKeys(dataSource, new ConfigService<Env, true>(env));
  return {
    dataSource,
    keys,
    ledger: new LedgerService(),
    proofs: new LedgerProofs(dataSource),
    audit: new LedgerAudit(dataSource, keys),
  };
}
