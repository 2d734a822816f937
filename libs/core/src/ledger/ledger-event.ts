import { createHash } from 'node:crypto';
import { assetSubject, ledgerEventStatement } from '@app/domain';
import type { LedgerEvent as EventPredicate, Statement, Subject } from '@app/domain';

/** Who caused an event: a bot, a person, or the system's own workers and commands. */
export interface LedgerActor {
  type: 'bot' | 'user' | 'system';
  id: string;
}

export interface LedgerEvent {
  kind: string;
  assetId: string | null;
  /**
   * The version an asset event is about, and that version's content hash: together they are the
   * statement's subject, which is what binds the entry to a provenance bundle. Required with assetId,
   * unless `data` carries them as `version` and `contentSha256`.
   */
  versionNumber?: number;
  contentSha256?: string;
  actor: LedgerActor;
  data: Record<string, unknown>;
  /**
   * Lists of other entries the event names, such as the votes a decision counted. An event queued
   * but not yet integrated has no index, so it is named by its queue id; at integration each list
   * becomes `data[name]`: the entries' indexes, ascending and distinct.
   */
  refs?: Record<string, EntryRef[]>;
}

/** An entry already in the log (by index), or a queued event (by queue id), integrated before this one. */
export type EntryRef = { index: number } | { event: string };

/** The predicate as signed: the domain's ledger event, plus the link to the asset's previous entry. */
export type SignedEvent = EventPredicate & { previousIndex: number | null };

/**
 * The in-toto statement for one event. Asset events name the version and its content hash; other
 * events (people, groups, keys) have no content, so their subject is the event's own data, hashed.
 */
export function eventStatement(
  event: LedgerEvent,
  at: Date,
  previousIndex: number | null,
): Statement<SignedEvent> {
  let subject: Subject;
  // Events that follow the data convention ({version, contentSha256}) need not repeat them.
  const versionNumber = event.versionNumber ?? event.data.version;
  const contentSha256 = event.contentSha256 ?? event.data.contentSha256;
  if (event.assetId !== null) {
    if (typeof versionNumber !== 'number' || typeof contentSha256 !== 'string') {
      throw new TypeError(`ledger event ${event.kind} names an asset but not its version and content hash`);
    }
    subject = assetSubject(event.assetId, versionNumber, contentSha256);
  } else {
    const digest = createHash('sha256').update(JSON.stringify(event.data)).digest('hex');
    subject = { name: `event/${event.kind}`, digest: { sha256: digest } };
  }
  const predicate: SignedEvent = {
    kind: event.kind,
    at: at.toISOString(),
    assetId: event.assetId,
    versionNumber: event.assetId === null ? null : (versionNumber as number),
    actor: { type: event.actor.type, id: event.actor.id },
    data: event.data,
    previousIndex,
  };
  // Checks the statement with the rules a verifier applies, so nothing unverifiable is ever signed.
  return ledgerEventStatement([subject], predicate) as Statement<SignedEvent>;
}
