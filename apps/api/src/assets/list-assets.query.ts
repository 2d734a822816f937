import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOptional } from '../http/optional';
import { ALL_VERSION_STATUSES } from '@app/domain';
import type { VersionStatus } from '@app/domain';
import { IsKey } from '../http/keys';

export class ListAssetsQuery {
  @IsOptional()
  @IsKey('classKey')
  classKey?: string;

  @IsOptional()
  @IsIn(ALL_VERSION_STATUSES)
  status?: VersionStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
