// The API's types, generated from openapi.json (`npm run openapi`): names here are only aliases.
import type { components } from '../../../../libs/client/src/openapi';

type Schemas = components['schemas'];

export type VoteChoice = Schemas['VoteChoice'];
export type DecisionState = DecisionView['state'];
export type Finding = Schemas['FindingDto'];
export type Tally = Schemas['TallyDto'];
export type Policy = Schemas['PolicyDto'];
export type PolicyView = Schemas['PolicyViewDto'];
export type FormulaLine = Schemas['FormulaLineDto'];
export type DecisionView = Schemas['DecisionDto'];
export type InboxItem = Schemas['InboxItemDto'];
export type VersionView = Schemas['VersionDto'];
export type AssetView = Schemas['AssetDto'];
export type AssetSummary = Schemas['AssetSummaryDto'];
export type AssetClassView = Schemas['AssetClassDto'];
export type DryRunResult = Schemas['DryRunResultDto'];
export type RuleSetView = Schemas['RuleSetDto'];
export type RuleSetTestResult = Schemas['RuleSetTestResultDto'];
export type PersonView = Schemas['PersonDto'];
export type GroupView = Schemas['GroupDto'];
export type ApiKeyView = Schemas['ApiKeyDto'];
export type WebhookEvent = Schemas['WebhookEvent'];
export type WebhookView = Schemas['WebhookDto'];
export type DeliveryView = Schemas['WebhookDeliveryDto'];
export type LedgerEntriesPage = Schemas['LedgerEntriesPageDto'];
export type AuditReport = Schemas['AuditReportDto'];
export type ProvenanceBundle = Schemas['ProvenanceBundleDto'];

// A value the pickers list; keyed by the generated union, so a new event fails to compile until added.
const EVENT_LABELS: Record<WebhookEvent, true> = {
  'version.validated': true,
  'version.validation_failed': true,
  'decision.opened': true,
  'vote.cast': true,
  'decision.closed': true,
  'version.released': true,
};
export const WEBHOOK_EVENTS = Object.keys(EVENT_LABELS) as WebhookEvent[];
