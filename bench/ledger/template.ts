import { Pool } from 'pg';
import { encodeHex } from '../../libs/domain/src';
import { AUDIT_BATCH, BENCH_DATABASE_URL } from '../config';
import { log } from '../report';
import { databaseExists, databaseFromTemplate, freshDatabase, saveAsTemplate } from '../stack/database';
import { buildLedger, ledgerTemplateName } from './build';
import { openLedger } from './services';

/**
 * Prepares the bench database with a ledger of `entries` entries: a copy of the template kept by an
 * earlier run, or else built now, audited, and then kept as that template. Returns no bot key.
 */
export function ledgerDatabase(entries: number): () => Promise<string> {
  return async () => {
    const template = ledgerTemplateName(entries);
    if (await databaseExists(template)) {
      log(`ledger: copying the ledger of ${entries} entries from the template database ${template}`);
      await databaseFromTemplate(template);
      return '';
    }
    log(`ledger: building ${entries} entries, to keep as the template database ${template}`);
    await freshDatabase();
    const started = Date.now();
    const services = await openLedger();
    const pool = new Pool({ connectionString: BENCH_DATABASE_URL, max: 1 });
    try {
      const signer = await services.keys.signer();
      const root = await buildLedger(pool, signer, entries, (built) => {
        if (built % 100_000 === 0 || built === entries) log(`ledger: ${built} entries built`);
      });
      log(`ledger: built in ${seconds(started)} s; auditing it before keeping it`);
      const report = await services.audit.run({ batchSize: AUDIT_BATCH });
      if (!report.ok || report.size !== entries || report.rootHash !== encodeHex(root)) {
        throw new Error(`the built ledger fails its audit: ${JSON.stringify(report).slice(0, 500)}`);
      }
    } finally {
      await pool.end();
      await services.dataSource.destroy();
    }
    await saveAsTemplate(template);
    log(`ledger: kept as ${template} after ${seconds(started)} s`);
    return '';
  };
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 1000);
}
