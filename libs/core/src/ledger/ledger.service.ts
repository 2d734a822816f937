import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { LedgerEntryEntity } from '../entities';

/** Arbitrary constant naming the ledger's append lock among the database's advisory locks. */
const LEDGER_APPEND_LOCK = 7_301_104;

/** Who caused an event: a bot, a person, or the system's own workers and commands. */
export interface LedgerActor {
  type: 'bot' | 'user' | 'system';
  id: string;
}

export interface LedgerEvent {
  kind: string;
  assetId: string | null;
  actor: LedgerActor;
  data: Record<string, unknown>;
}

@Injectable()
export class LedgerService {
  /**
   * Appends one entry inside the caller's transaction, so a state change and its entry commit or
   * roll back together. The advisory lock serialises appends until commit, which keeps indexes dense.
   */
  async append(manager: EntityManager, event: LedgerEvent, at = new Date()): Promise<LedgerEntryEntity> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_APPEND_LOCK]);
    const [{ next }] = await manager.query<{ next: string }[]>(
      'SELECT COALESCE(MAX(idx) + 1, 0) AS next FROM ledger_entries',
    );
    const prev = event.assetId
      ? await manager.query<{ idx: string | null }[]>(
          'SELECT MAX(idx) AS idx FROM ledger_entries WHERE asset_id = $1',
          [event.assetId],
        )
      : [];
    const entry = Buffer.from(
      JSON.stringify({
        kind: event.kind,
        at: at.toISOString(),
        assetId: event.assetId,
        actor: event.actor,
        data: event.data,
      }),
      'utf8',
    );
    const row = manager.create(LedgerEntryEntity, {
      index: Number(next),
      kind: event.kind,
      assetId: event.assetId,
      prevAssetIndex: prev[0]?.idx == null ? null : Number(prev[0].idx),
      entry,
      leafHash: createHash('sha256').update(Buffer.of(0)).update(entry).digest(),
    });
    await manager.insert(LedgerEntryEntity, row);
    return row;
  }
}
