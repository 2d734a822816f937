import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { AuditProblem, AuditReport, LedgerEntriesPage, LedgerEntryView } from '@app/core';
import { BUNDLE_VERSION } from '@app/domain';
import type { BundleEntry, ProvenanceBundle } from '@app/domain';
import { IsOptional } from '../http/optional';

// Only plain decimal digits become numbers; "1.5", "1e3", "-1" or "0x10" stay strings and fail IsInt.
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;

export class InclusionQuery {
  @ApiProperty({ description: 'Leaf index, from 0', minimum: 0 })
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  index!: number;

  @ApiProperty({ description: 'Size of the tree to prove against, as in a checkpoint', minimum: 1 })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  size!: number;
}

export class ConsistencyQuery {
  @ApiProperty({ description: 'Size of the older tree', minimum: 1 })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  from!: number;

  @ApiProperty({ description: 'Size of the newer tree', minimum: 1 })
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  to!: number;
}

export class EntriesQuery {
  @ApiPropertyOptional({ description: 'First index of the page', default: 0 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  from = 0;

  @ApiPropertyOptional({ description: 'Entries per page', default: 100, maximum: 1000 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}

export class InclusionProofDto {
  @ApiProperty() index!: number;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'SHA-256(0x00 || entry bytes), lowercase hex' })
  leafHash!: string;
  @ApiProperty({ type: [String], description: 'Audit path, leaf end first (RFC 9162 2.1.3), lowercase hex' })
  proof!: string[];
}

export class ConsistencyProofDto {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
  @ApiProperty({ type: [String], description: 'Consistency proof (RFC 9162 2.1.4), lowercase hex' })
  proof!: string[];
}

export class LedgerEntryDto implements LedgerEntryView {
  @ApiProperty() index!: number;
  @ApiProperty({ example: 'version.submitted' }) kind!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assetId!: string | null;
  @ApiProperty({ type: Number, nullable: true }) versionNumber!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The previous entry about the same asset' })
  previousIndex!: number | null;
  @ApiProperty({ description: 'SHA-256(0x00 || envelope bytes), hex' }) leafHash!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The stored DSSE envelope bytes, base64: hash these, not a re-encoding. Null when withheld (an older ' +
      'entry holding personal data, read by a non-admin)',
  })
  envelope!: string | null;
  @ApiPropertyOptional({
    type: [String],
    example: ['email'],
    description: 'Only when the envelope was withheld: the fields in clear that caused it',
  })
  withheld?: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class LedgerEntriesPageDto implements LedgerEntriesPage {
  @ApiProperty({ description: 'Entries in the log' }) size!: number;
  @ApiProperty({ type: [LedgerEntryDto] }) entries!: LedgerEntryDto[];
  @ApiProperty({ type: Number, nullable: true, description: '`from` of the next page; null at the end' })
  next!: number | null;
}

export class AuditProblemDto implements AuditProblem {
  @ApiProperty({ type: Number, nullable: true }) index!: number | null;
  @ApiProperty() problem!: string;
}

export class AuditReportDto implements AuditReport {
  @ApiProperty() ok!: boolean;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'The root recomputed from the stored entries, hex' }) rootHash!: string;
  @ApiProperty() entriesChecked!: number;
  @ApiProperty() subtreesChecked!: number;
  @ApiProperty() checkpointsChecked!: number;
  @ApiProperty({ description: 'Checkpoints signed by another key, of which only roots were compared' })
  checkpointsByOtherKeys!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The lowest index that does not match' })
  firstBadIndex!: number | null;
  @ApiProperty() problemCount!: number;
  @ApiProperty({ type: [AuditProblemDto], description: 'The first problems, in log order' })
  problems!: AuditProblemDto[];
}

export class BundleEntryDto implements BundleEntry {
  @ApiProperty() index!: number;
  @ApiProperty({ description: 'SHA-256(0x00 || envelope bytes), hex' }) leafHash!: string;
  @ApiProperty({ description: 'The DSSE envelope, base64' }) envelope!: string;
  @ApiProperty({ type: [String], description: "Hex hashes, leaf end first, against the checkpoint's tree" })
  inclusionProof!: string[];
}

export class ProvenanceBundleDto implements ProvenanceBundle {
  @ApiProperty({ enum: [BUNDLE_VERSION], type: Number }) version!: typeof BUNDLE_VERSION;
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() versionNumber!: number;
  @ApiProperty() contentSha256!: string;
  @ApiProperty({ description: 'A C2SP signed checkpoint note' }) checkpoint!: string;
  @ApiProperty({ type: [BundleEntryDto] }) entries!: BundleEntryDto[];
}
