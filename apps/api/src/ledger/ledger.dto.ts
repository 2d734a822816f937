import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
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

export class LedgerEntryDto {
  @ApiProperty() index!: number;
  @ApiProperty({ example: 'version.submitted' }) kind!: string;
  @ApiProperty({ format: 'uuid', nullable: true }) assetId!: string | null;
  @ApiProperty({ nullable: true }) versionNumber!: number | null;
  @ApiProperty({ nullable: true, description: 'The previous entry about the same asset' })
  previousIndex!: number | null;
  @ApiProperty({ description: 'SHA-256(0x00 || entry bytes), lowercase hex' }) leafHash!: string;
  @ApiProperty({
    nullable: true,
    description:
      'The stored DSSE envelope, base64; null when withheld (an older entry holding personal data, for a non-admin)',
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

export class LedgerEntriesPageDto {
  @ApiProperty() size!: number;
  @ApiProperty({ type: [LedgerEntryDto] }) entries!: LedgerEntryDto[];
  @ApiProperty({ nullable: true, description: '`from` for the next page, or null at the end' })
  next!: number | null;
}
