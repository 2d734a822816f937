import { BlocklistService } from './blocklist.service';
import { ContentEvaluator } from './content-evaluator.service';
import { DriftReportService } from './drift-report.service';
import { RulePool } from './rule-pool.service';
import { RuleSetService } from './rule-set.service';
import { ValidationResultService } from './validation-result.service';

export * from './blocklist.service';
export * from './canonical-json';
export * from './content-evaluator.service';
export * from './drift-report.service';
export * from './prior-rejection';
export * from './rule-pool.service';
export * from './rule-set.entities';
export * from './rule-set.service';
export * from './transient-errors';
export * from './validation-result.service';

/** Rule sets, the blocklist, validation results and the rule threads, provided by CoreModule. */
export const RULE_SERVICES = [
  BlocklistService,
  ContentEvaluator,
  DriftReportService,
  RulePool,
  RuleSetService,
  ValidationResultService,
];
