import type { Result } from '../ledger';
import { fail, ok } from '../ledger/result';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** The predicate type of every statement this ledger writes. */
export const LEDGER_EVENT_PREDICATE_TYPE = 'https://quorate.dev/ledger-event/v1';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const DIGEST_HEX = /^[0-9a-f]+$/;

export interface Subject {
  readonly name: string;
  /** Lowercase hex digests by algorithm; this ledger always supplies `sha256`. */
  readonly digest: { readonly sha256: string } & Readonly<Record<string, string>>;
}

/** An in-toto Statement v1. */
export interface Statement<P extends object = Record<string, unknown>> {
  readonly _type: typeof STATEMENT_TYPE;
  readonly subject: readonly Subject[];
  readonly predicateType: string;
  readonly predicate: P;
}

/** Well-known ledger event kinds; other dotted kinds are allowed. */
export const LedgerEventKind = {
  Submitted: 'version.submitted',
  Validated: 'version.validated',
  VoteCast: 'vote.cast',
  DecisionClosed: 'decision.closed',
  Released: 'version.released',
  Superseded: 'version.superseded',
  Withdrawn: 'version.withdrawn',
} as const;

export interface LedgerEventActor {
  readonly type: 'bot' | 'user' | 'system';
  readonly id: string;
}

/** The predicate of a ledger event: one step of the workflow, bound to the asset version it concerns. */
export interface LedgerEvent {
  readonly kind: string;
  /** ISO 8601 instant. */
  readonly at: string;
  readonly assetId: string | null;
  readonly versionNumber: number | null;
  readonly actor: LedgerEventActor;
  readonly data: Readonly<Record<string, unknown>>;
}

export type StatementFailure = 'malformed-statement' | 'not-a-ledger-event';

/** The conventional subject name of one asset version. */
export function assetSubjectName(assetId: string, versionNumber: number): string {
  return `asset/${assetId}/versions/${versionNumber}`;
}

export function assetSubject(assetId: string, versionNumber: number, contentSha256: string): Subject {
  if (!SHA256_HEX.test(contentSha256)) throw new TypeError('contentSha256 must be 64 lowercase hex digits');
  return { name: assetSubjectName(assetId, versionNumber), digest: { sha256: contentSha256 } };
}

export function ledgerEventStatement(
  subject: readonly Subject[],
  event: LedgerEvent,
): Statement<LedgerEvent> {
  const statement: Statement<LedgerEvent> = {
    _type: STATEMENT_TYPE,
    subject,
    predicateType: LEDGER_EVENT_PREDICATE_TYPE,
    predicate: event,
  };
  // Validate what is about to be signed with the same rules a verifier will apply to it.
  const checked = parseStatement(JSON.parse(JSON.stringify(statement)));
  if (!checked.ok) throw new TypeError(checked.detail);
  const asEvent = parseLedgerEvent(checked.value);
  if (!asEvent.ok) throw new TypeError(asEvent.detail);
  return statement;
}

export function parseStatement(value: unknown): Result<Statement, StatementFailure> {
  if (!isRecord(value)) return fail('malformed-statement', 'a statement is a JSON object');
  if (value._type !== STATEMENT_TYPE) return fail('malformed-statement', `_type is not ${STATEMENT_TYPE}`);
  const { subject, predicateType, predicate } = value;
  if (!Array.isArray(subject) || subject.length === 0) {
    return fail('malformed-statement', 'subject is a non-empty array');
  }
  for (const s of subject as unknown[]) {
    if (!isRecord(s) || typeof s.name !== 'string' || !isRecord(s.digest)) {
      return fail('malformed-statement', 'each subject has a name and a digest object');
    }
    const digests = Object.entries(s.digest);
    if (!SHA256_HEX.test(String(s.digest.sha256)))
      return fail('malformed-statement', 'subject lacks a sha256 digest');
    if (!digests.every(([, d]) => typeof d === 'string' && DIGEST_HEX.test(d))) {
      return fail('malformed-statement', 'digests are lowercase hex strings');
    }
  }
  if (typeof predicateType !== 'string' || predicateType === '') {
    return fail('malformed-statement', 'predicateType is a non-empty string');
  }
  if (!isRecord(predicate)) return fail('malformed-statement', 'predicate is a JSON object');
  return ok(value as unknown as Statement);
}

export function parseLedgerEvent(statement: Statement<object>): Result<LedgerEvent, StatementFailure> {
  if (statement.predicateType !== LEDGER_EVENT_PREDICATE_TYPE) {
    return fail('not-a-ledger-event', `predicateType is not ${LEDGER_EVENT_PREDICATE_TYPE}`);
  }
  const p = statement.predicate as Record<string, unknown>;
  const bad = (what: string) => fail('malformed-statement' as const, `ledger event ${what}`);
  if (typeof p.kind !== 'string' || p.kind === '') return bad('kind is a non-empty string');
  if (typeof p.at !== 'string' || Number.isNaN(Date.parse(p.at))) return bad('at is an ISO 8601 instant');
  if (p.assetId !== null && (typeof p.assetId !== 'string' || p.assetId === ''))
    return bad('assetId is a string or null');
  const v = p.versionNumber;
  if (v !== null && !(Number.isSafeInteger(v) && (v as number) >= 1))
    return bad('versionNumber is a positive integer or null');
  if ((p.assetId === null) !== (v === null)) return bad('names both an asset and a version, or neither');
  const actor = p.actor;
  if (
    !isRecord(actor) ||
    !['bot', 'user', 'system'].includes(actor.type as string) ||
    typeof actor.id !== 'string'
  ) {
    return bad('actor is {type: bot|user|system, id}');
  }
  if (!isRecord(p.data)) return bad('data is a JSON object');
  return ok(p as unknown as LedgerEvent);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
