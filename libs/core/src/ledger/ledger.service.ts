import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { eventStatement, LedgerEvent } from './ledger-event';
import { markQueued } from './ledger-wakeup.subscriber';
import { LEDGER_QUEUE_CHANNEL } from '../../../../migrations/1764200000000-ledger-queue';

export type { EntryRef, LedgerActor, LedgerEvent } from './ledger-event';

/** An event written to the log's queue; the sequencer gives it its index once the write commits. */
export interface QueuedEvent {
  /** The queue id (a bigint, as text): what other events and rows refer to until it is integrated. */
  id: string;
}

// One round trip however many events: unnest keeps their order, and the ids follow it.
const QUEUE_SQL = `
  INSERT INTO ledger_queue (at, kind, asset_id, version_number, content_sha256, actor, data, refs)
  SELECT at, kind, asset_id, version_number, content_sha256, actor, data, refs
    FROM unnest($1::timestamptz[], $2::text[], $3::uuid[], $4::int[], $5::text[], $6::json[], $7::json[], $8::json[])
         WITH ORDINALITY AS e(at, kind, asset_id, version_number, content_sha256, actor, data, refs, n)
   ORDER BY n
  RETURNING id::text`;

@Injectable()
export class LedgerService {
  /** Queues one event inside the caller's transaction; see `appendMany`. */
  async append(manager: EntityManager, event: LedgerEvent, at = new Date()): Promise<QueuedEvent> {
    return (await this.appendMany(manager, [event], at))[0];
  }

  /**
   * Queues events inside the caller's transaction, so a state change and its events commit or roll
   * back together. Nothing shared is locked: the sequencer assigns indexes after commit, in an order
   * that puts every event after the ones its transaction could see.
   */
  async appendMany(
    manager: EntityManager,
    events: readonly LedgerEvent[],
    at = new Date(),
  ): Promise<QueuedEvent[]> {
    if (events.length === 0) return [];
    const data = events.map((e) => JSON.stringify(e.data));
    // Checked here with the rules the sequencer signs by, so nothing it cannot sign is ever queued:
    // a bad event fails its own transaction instead of stopping the log.
    const statements = events.map((e, i) =>
      eventStatement({ ...e, data: JSON.parse(data[i]) as LedgerEvent['data'] }, at, null),
    );
    const rows = await manager.query<{ id: string }[]>(QUEUE_SQL, [
      events.map(() => at),
      events.map((e) => e.kind),
      events.map((e) => e.assetId),
      // Resolved from the data convention too, so a version's pending events are one index lookup.
      statements.map((st) => st.predicate.versionNumber),
      events.map((e) => e.contentSha256 ?? null),
      events.map((e) => JSON.stringify({ type: e.actor.type, id: e.actor.id })),
      data,
      events.map((e) => JSON.stringify(e.refs ?? {})),
    ]);
    // LedgerWakeup notifies the sequencer once the transaction commits; outside one, it is committed.
    if (!markQueued(manager.queryRunner))
      await manager.query(`SELECT pg_notify($1, '')`, [LEDGER_QUEUE_CHANNEL]);
    return rows.map((r) => ({ id: r.id }));
  }
}
