import {
  assetSubject,
  LEDGER_EVENT_PREDICATE_TYPE,
  LedgerEvent,
  ledgerEventStatement,
  parseLedgerEvent,
  parseStatement,
  Statement,
  STATEMENT_TYPE,
} from './statement';

const SHA = 'a'.repeat(64);
const EVENT: LedgerEvent = {
  kind: 'version.submitted',
  at: '2025-01-02T03:04:05.000Z',
  assetId: 'asset-1',
  versionNumber: 3,
  actor: { type: 'bot', id: 'bot-7' },
  data: { generator: 'g', promptSha256: SHA },
};

describe('in-toto statements', () => {
  it('builds an in-toto Statement v1 about one asset version', () => {
    expect(ledgerEventStatement([assetSubject('asset-1', 3, SHA)], EVENT)).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'asset/asset-1/versions/3', digest: { sha256: SHA } }],
      predicateType: 'https://quorate.dev/ledger-event/v1',
      predicate: EVENT,
    });
  });

  it('refuses to build what a verifier would reject', () => {
    const subject = [assetSubject('asset-1', 3, SHA)];
    expect(() => ledgerEventStatement([], EVENT)).toThrow(TypeError);
    expect(() => ledgerEventStatement(subject, { ...EVENT, versionNumber: 0 })).toThrow(TypeError);
    expect(() => ledgerEventStatement(subject, { ...EVENT, at: 'yesterday' })).toThrow(TypeError);
    expect(() => ledgerEventStatement(subject, { ...EVENT, versionNumber: null })).toThrow(TypeError);
    expect(() => assetSubject('asset-1', 3, SHA.toUpperCase())).toThrow(TypeError);
  });

  it('allows events that concern no asset', () => {
    const statement = ledgerEventStatement([{ name: 'policy/1', digest: { sha256: SHA } }], {
      ...EVENT,
      kind: 'policy.changed',
      assetId: null,
      versionNumber: null,
    });
    const parsed = parseLedgerEvent(statement);
    expect(parsed.ok && parsed.value.assetId).toBeNull();
  });

  it('reports malformed statements as values', () => {
    const good = JSON.parse(JSON.stringify(ledgerEventStatement([assetSubject('asset-1', 3, SHA)], EVENT)));
    expect(parseStatement(good).ok).toBe(true);
    const variants: unknown[] = [
      null,
      [],
      'statement',
      { ...good, _type: 'https://in-toto.io/Statement/v0.1' },
      { ...good, subject: [] },
      { ...good, subject: {} },
      { ...good, subject: [{ name: 'x', digest: {} }] },
      { ...good, subject: [{ name: 'x', digest: { sha256: SHA.toUpperCase() } }] },
      { ...good, subject: [{ name: 'x', digest: { sha256: SHA, sha512: 5 } }] },
      { ...good, subject: [{ digest: { sha256: SHA } }] },
      { ...good, predicateType: '' },
      { ...good, predicate: undefined },
      { ...good, predicate: [] },
    ];
    for (const v of variants)
      expect(parseStatement(v)).toMatchObject({ ok: false, reason: 'malformed-statement' });
  });

  it('reports malformed ledger events as values', () => {
    const base: Statement = {
      _type: STATEMENT_TYPE,
      subject: [{ name: 'x', digest: { sha256: SHA } }],
      predicateType: LEDGER_EVENT_PREDICATE_TYPE,
      predicate: { ...EVENT },
    };
    expect(parseLedgerEvent({ ...base, predicateType: 'https://slsa.dev/provenance/v1' })).toMatchObject({
      ok: false,
      reason: 'not-a-ledger-event',
    });
    const predicates: Record<string, unknown>[] = [
      { ...EVENT, kind: '' },
      { ...EVENT, kind: 7 },
      { ...EVENT, at: 12 },
      { ...EVENT, assetId: '' },
      { ...EVENT, versionNumber: 1.5 },
      { ...EVENT, versionNumber: '3' },
      { ...EVENT, actor: { type: 'robot', id: 'x' } },
      { ...EVENT, actor: null },
      { ...EVENT, data: 'x' },
    ];
    for (const predicate of predicates) {
      expect(parseLedgerEvent({ ...base, predicate })).toMatchObject({
        ok: false,
        reason: 'malformed-statement',
      });
    }
  });
});
