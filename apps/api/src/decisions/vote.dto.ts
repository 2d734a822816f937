import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { IsOptional } from '../http/optional';
import { VOTE_CHOICES } from '@app/domain';
import type { VoteChoice } from '@app/domain';

export class CastVoteDto {
  @ApiProperty({ enum: VOTE_CHOICES })
  @IsIn(VOTE_CHOICES)
  choice!: VoteChoice;

  @ApiPropertyOptional({ description: 'Why; required for a reject' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
