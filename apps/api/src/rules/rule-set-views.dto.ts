import { ApiProperty, OmitType } from '@nestjs/swagger';
import type {
  BlockedHashView,
  DraftRuleSetTestResult,
  DriftReport,
  DriftRow,
  RuleSetTestResult,
  RuleSetVersionView,
  RuleSetView,
  ValidationResultView,
} from '@app/core';
import type { Rule } from '@app/domain';
import { FindingDto } from '../assets/asset-views.dto';

const RULES = {
  type: 'array',
  items: { type: 'object', additionalProperties: true },
  description: 'The rules, each {id, kind, severity, ...}',
} as const;

export class RuleSetVersionDto implements RuleSetVersionView {
  @ApiProperty({ format: 'uuid' }) ruleSetId!: string;
  @ApiProperty() key!: string;
  @ApiProperty() version!: number;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty(RULES) rules!: Rule[];
  @ApiProperty({ description: 'SHA-256 of the rules as canonical JSON, hex' }) rulesSha256!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class RuleSetDto extends RuleSetVersionDto implements RuleSetView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Number of versions; `version` is the latest' }) versions!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
  @ApiProperty({ type: [String], description: 'Keys of the asset classes it governs' }) classes!: string[];
}

export class RuleSetRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() key!: string;
  @ApiProperty() version!: number;
  @ApiProperty() rulesSha256!: string;
}

export class RuleSetTestResultDto implements RuleSetTestResult {
  @ApiProperty({ type: RuleSetRefDto }) ruleSet!: RuleSetRefDto;
  @ApiProperty() passes!: boolean;
  @ApiProperty({ type: [FindingDto] }) findings!: FindingDto[];
  @ApiProperty() sha256!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() sniffedMediaType!: string;
  @ApiProperty() durationMs!: number;
}

class DraftRuleSetRefDto {
  @ApiProperty({ enum: [true] }) draft!: true;
  @ApiProperty({ description: 'SHA-256 of the checked rules as canonical JSON' }) rulesSha256!: string;
  @ApiProperty() ruleCount!: number;
}

/** Draft rules tried on a sample: nothing saved, so the rule set is named by its hash. */
export class DraftRuleSetTestResultDto
  extends OmitType(RuleSetTestResultDto, ['ruleSet'] as const)
  implements DraftRuleSetTestResult
{
  @ApiProperty({ type: DraftRuleSetRefDto }) ruleSet!: DraftRuleSetRefDto;
}

export class BlockedHashDto implements BlockedHashView {
  @ApiProperty() sha256!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DriftModelDto implements Omit<DriftRow, 'week' | 'weekStart'> {
  @ApiProperty({ description: 'provenance.model, or (unknown)' }) model!: string;
  @ApiProperty() validated!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: 'failed / validated, to four decimal places' }) failureRate!: number;
}

export class DriftRowDto extends DriftModelDto implements DriftRow {
  @ApiProperty({ example: '2025-W48', description: 'ISO 8601 week (UTC)' }) week!: string;
  @ApiProperty({ format: 'date-time' }) weekStart!: string;
}

export class DriftReportDto implements DriftReport {
  @ApiProperty({ type: String, nullable: true }) classKey!: string | null;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: [DriftRowDto] }) rows!: DriftRowDto[];
  @ApiProperty({ type: [DriftModelDto], description: 'Per model over the whole period' })
  models!: DriftModelDto[];
}

export class ValidationResultDto implements ValidationResultView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({
    description: 'Where validation moved the version: validation_failed, in_review or approved',
  })
  status!: string;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ type: [FindingDto] }) findings!: FindingDto[];
  @ApiProperty({
    type: RuleSetRefDto,
    nullable: true,
    description: 'The first rule set applied (see `ruleSets`); null when the class had none',
  })
  ruleSet!: RuleSetRefDto | null;
  @ApiProperty({
    type: [RuleSetRefDto],
    description: 'Every rule-set version applied, in the order the class lists them; `ruleSet` is the first',
  })
  ruleSets!: RuleSetRefDto[];
  @ApiProperty() contentSha256!: string;
  @ApiProperty() declaredSha256!: string;
  @ApiProperty() mediaType!: string;
  @ApiProperty({ type: String, nullable: true }) sniffedMediaType!: string | null;
  @ApiProperty() worker!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ format: 'date-time' }) validatedAt!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The ledger entry recording this result; null while it is pending integration',
  })
  ledgerIndex!: number | null;
  @ApiProperty({
    enum: ['integrated', 'pending'],
    enumName: 'LedgerStatus',
    description: '`pending` until the sequencer integrates the entry; an index is never shown before',
  })
  ledgerStatus!: 'integrated' | 'pending';
}
