/**
 * Fields that entries written before docs/ledger-events.md held in clear: e-mail addresses, webhook
 * URLs (often capabilities) and free-text reasons. Entries written since hold ids and hashes in their
 * place. A signed entry cannot be edited, so an old one that holds any of these is withheld whole
 * from people who are not admins; its leaf hash still proves where it sits in the log.
 */
const PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'identity.person_created': ['email'],
  'webhook.registered': ['url'],
  'vote.cast': ['reason'],
  'blocklist.added': ['reason'],
};

/** The personal-data fields a stored envelope holds in clear; empty for every entry written today. */
export function personalFieldsIn(kind: string, envelope: Buffer): string[] {
  const fields = PERSONAL_FIELDS[kind];
  if (!fields) return [];
  const data = eventData(envelope);
  // An envelope that cannot be read is withheld rather than served unchecked.
  if (!data) return [...fields];
  return fields.filter((field) => field in data);
}

function eventData(envelope: Buffer): Record<string, unknown> | null {
  try {
    const { payload } = JSON.parse(envelope.toString('utf8')) as { payload?: unknown };
    if (typeof payload !== 'string') return null;
    const statement = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as {
      predicate?: { data?: unknown };
    };
    const data = statement.predicate?.data;
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
