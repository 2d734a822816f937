import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOptional } from '../http/optional';
import { ALL_VERSION_STATUSES } from '@app/domain';
import type { VersionStatus } from '@app/domain';
import { IsKey } from '../http/keys';

export class ListAssetsQuery {
  @ApiPropertyOptional({ example: 'demo', description: 'Only assets of this class' })
  @IsOptional()
  @IsKey('classKey')
  classKey?: string;

  @ApiPropertyOptional({
    enum: ALL_VERSION_STATUSES,
    enumName: 'VersionStatus',
    description: 'Only assets whose current version has this status',
  })
  @IsOptional()
  @IsIn(ALL_VERSION_STATUSES)
  status?: VersionStatus;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 200, description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
