export {
  LEDGER_EVENT_PREDICATE_TYPE,
  LedgerEventKind,
  STATEMENT_TYPE,
  assetSubject,
  assetSubjectName,
  ledgerEventStatement,
  parseLedgerEvent,
  parseStatement,
} from './statement';
export type { LedgerEvent, LedgerEventActor, Statement, StatementFailure, Subject } from './statement';
export { IN_TOTO_PAYLOAD_TYPE, MAX_ENVELOPE_SIGNATURES, pae, signEnvelope, verifyEnvelope } from './dsse';
export type { DsseEnvelope, DsseSignature, EnvelopeFailure, EnvelopeSigner, VerifiedEnvelope } from './dsse';
export {
  BUNDLE_VERSION,
  DEFAULT_REQUIRED_KINDS,
  MAX_BUNDLE_ENTRIES,
  createBundle,
  verifyBundle,
} from './bundle';
export type {
  BundleCheck,
  BundleEntry,
  BundleEntryInput,
  BundleInput,
  BundleReport,
  ProvenanceBundle,
  VerifyBundleOptions,
} from './bundle';
