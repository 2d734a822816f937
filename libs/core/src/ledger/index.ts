import { LedgerAudit } from './ledger-audit.service';
import { LedgerCheckpoints } from './ledger-checkpoints.service';
import { LedgerKeys } from './ledger-keys.service';
import { LedgerProofs } from './ledger-proofs.service';
import { LedgerSequencer } from './ledger-sequencer.service';
import { LedgerWakeup } from './ledger-wakeup.subscriber';
import { ProvenanceService } from './provenance.service';

export * from './ledger.service';
export * from './ledger-audit.service';
export * from './ledger-checkpoints.service';
export * from './ledger-keys.service';
export * from './ledger-proofs.service';
export * from './ledger-sequencer.service';
export * from './ledger-wakeup.subscriber';
export * from './provenance.service';
export { LedgerIntegrityError } from './ledger-tree';

/** The ledger's read side, key and sequencer, provided by CoreModule next to LedgerService. */
export const LEDGER_SERVICES = [
  LedgerAudit,
  LedgerCheckpoints,
  LedgerKeys,
  LedgerProofs,
  LedgerSequencer,
  LedgerWakeup,
  ProvenanceService,
];
