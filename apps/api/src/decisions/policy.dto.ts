import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsOptional } from '../http/optional';
import { AreKeys, IsKey } from '../http/keys';

export class PolicyFieldsDto {
  @ApiProperty({ enum: ['auto', 'quorum'] })
  @IsIn(['auto', 'quorum'])
  mode!: 'auto' | 'quorum';

  @ApiProperty({
    description: 'Share of the roster weight that must vote (approve, reject or abstain), in basis points',
  })
  @IsInt()
  @Min(0)
  @Max(10000)
  quorumBps!: number;

  @ApiProperty({ description: 'Share of approve weight among approve and reject weight, in basis points' })
  @IsInt()
  @Min(0)
  @Max(10000)
  approvalBps!: number;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(10000)
  minApprovers!: number;

  @ApiProperty({ type: [String], description: 'Each must give at least one approval' })
  @IsArray()
  @ArrayMaxSize(50)
  @AreKeys('group key')
  requiredGroups!: string[];

  @ApiProperty({ type: [String], description: 'A reject from a member decides `rejected` at once' })
  @IsArray()
  @ArrayMaxSize(50)
  @AreKeys('group key')
  vetoGroups!: string[];

  @ApiProperty({ minimum: 1, maximum: 31536000 })
  @IsInt()
  @Min(1)
  @Max(365 * 24 * 3600)
  votingPeriodSeconds!: number;

  @ApiProperty({ description: 'Close as soon as the remaining votes cannot change the outcome' })
  @IsBoolean()
  earlyDecision!: boolean;
}

export class CreatePolicyDto extends PolicyFieldsDto {
  @ApiProperty({ example: 'demo' })
  @IsKey('classKey')
  classKey!: string;
}

/** Any subset of a policy's fields, applied to the policy being tried. */
export class DryRunDto extends PartialType(PolicyFieldsDto, { skipNullProperties: false }) {}

export class CreateAssetClassDto {
  @ApiProperty({ example: 'campaign-copy' })
  @IsKey('key')
  key!: string;

  @ApiProperty({ example: 'Campaign copy' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    type: [String],
    description: 'Groups whose weighted members vote; empty: everyone with a weight',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @AreKeys('group key')
  voterGroups!: string[];

  @ApiProperty({ type: PolicyFieldsDto })
  @IsObject({ message: 'policy must be an object' })
  @ValidateNested()
  @Type(() => PolicyFieldsDto)
  policy!: PolicyFieldsDto;
}

export class UpdateAssetClassDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @AreKeys('group key')
  voterGroups?: string[];
}
