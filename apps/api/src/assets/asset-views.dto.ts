import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AssetSummary, AssetView, VersionView } from '@app/core';
import { ALL_VERSION_STATUSES } from '@app/domain';
import { ProvenanceDto } from './submit-asset.dto';
import type { Finding, FindingLocation, Severity, VersionStatus } from '@app/domain';

export class FindingLocationDto implements FindingLocation {
  @ApiProperty({ description: '1-based line' }) line!: number;
  @ApiProperty({ description: '1-based column' }) column!: number;
  @ApiProperty() length!: number;
}

export class FindingDto implements Finding {
  @ApiProperty({ example: 'no-buzzwords' }) ruleId!: string;
  @ApiProperty({ enum: ['error', 'warning'], description: 'Errors fail validation; warnings annotate' })
  severity!: Severity;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: FindingLocationDto }) location?: FindingLocationDto;
}

export class VersionDto implements VersionView {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ALL_VERSION_STATUSES, enumName: 'VersionStatus' }) status!: VersionStatus;
  @ApiProperty({ example: 'text/plain' }) mediaType!: string;
  @ApiProperty({ description: 'SHA-256 of the stored bytes, hex' }) sha256!: string;
  @ApiProperty({ description: 'The SHA-256 the bot declared' }) declaredSha256!: string;
  @ApiProperty({ type: ProvenanceDto, description: 'What the bot declared when it submitted' })
  provenance!: Record<string, unknown>;
  @ApiProperty({ type: [FindingDto] }) findings!: FindingDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AssetDto implements AssetView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() classKey!: string;
  @ApiProperty() title!: string;
  @ApiProperty({
    enum: ALL_VERSION_STATUSES,
    enumName: 'VersionStatus',
    description: "The current version's",
  })
  status!: VersionStatus;
  @ApiProperty() currentVersion!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [VersionDto] }) versions!: VersionDto[];
}

export class AssetSummaryDto implements AssetSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() classKey!: string;
  @ApiProperty() currentVersion!: number;
  @ApiProperty({ enum: ALL_VERSION_STATUSES, enumName: 'VersionStatus' }) status!: VersionStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AssetPageDto {
  @ApiProperty({ type: [AssetSummaryDto] }) items!: AssetSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: '`cursor` for the next page; null at the end' })
  nextCursor!: string | null;
}
