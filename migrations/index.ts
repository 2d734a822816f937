import { InitialSchema1764050000000 } from './1764050000000-initial-schema';
import { Identity1764060000000 } from './1764060000000-identity';
import { VerifiableLedger1764070000000 } from './1764070000000-verifiable-ledger';
import { Decisions1764080000000 } from './1764080000000-decisions';
import { RuleSets1764090000000 } from './1764090000000-rule-sets';
import { LedgerQueue1764200000000 } from './1764200000000-ledger-queue';
import { SessionsAndSecrets1764210000000 } from './1764210000000-sessions-and-secrets';
import { WebhookSigning1764220000000 } from './1764220000000-webhook-signing';
import { BotDailyUsage1764230000000 } from './1764230000000-bot-daily-usage';
import { ClassRuleSetLists1764290000000 } from './1764290000000-class-rule-set-lists';

/** Listed as classes, not globs, so the same list works under ts-jest and from dist. */
export const MIGRATIONS = [
  InitialSchema1764050000000,
  Identity1764060000000,
  VerifiableLedger1764070000000,
  Decisions1764080000000,
  RuleSets1764090000000,
  LedgerQueue1764200000000,
  SessionsAndSecrets1764210000000,
  WebhookSigning1764220000000,
  BotDailyUsage1764230000000,
  ClassRuleSetLists1764290000000,
];
