import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ALL_VERSION_STATUSES } from '@app/domain';
import type { VersionStatus } from '@app/domain';

export class ListAssetsQuery {
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    message: 'classKey must be 1-64 lowercase letters, digits or dashes',
  })
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
