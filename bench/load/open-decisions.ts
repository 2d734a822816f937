import type { Pool } from 'pg';
import { POLL_INTERVAL_MS } from '../config';
import { throwIfInterrupted } from '../stack/interrupt';
import { textSubmission } from './assets';
import { submitAll } from './submit';

/**
 * Opens `count` decisions the way they open in use: `count` texts submitted to the class through the
 * API, validated by the worker into review. Resolves to the decisions' ids, in submission order.
 */
export async function openDecisions(
  db: Pool,
  apiUrl: string,
  botKey: string,
  classKey: string,
  count: number,
  tag: string,
  timeoutMs: number,
): Promise<string[]> {
  const bodies = Array.from({ length: count }, (_, i) => textSubmission(`${tag} #${i}`, classKey));
  const { sentAt } = await submitAll(apiUrl, botKey, bodies, 32);
  const assetIds = [...sentAt.keys()];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    throwIfInterrupted();
    const { rows } = await db.query<{ id: string; asset_id: string }>(
      `SELECT id, asset_id FROM decisions WHERE asset_id = ANY($1::uuid[]) AND state = 'open'`,
      [assetIds],
    );
    if (rows.length === count) {
      const byAsset = new Map(rows.map((r) => [r.asset_id, r.id]));
      return assetIds.map((id) => byAsset.get(id)!);
    }
    if (Date.now() > deadline) throw new Error(`only ${rows.length} of ${count} decisions opened in time`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
