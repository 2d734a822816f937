import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBase64,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptional } from '../http/optional';
import { IsKey } from '../http/keys';
import { IsVersionNumber } from '../http/versions';
import { ALL_VERSION_STATUSES } from '@app/domain';
import type { VersionStatus } from '@app/domain';

export class ProvenanceDto {
  @ApiPropertyOptional({ example: 'campaign-writer' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  generator?: string;

  @ApiPropertyOptional({ example: 'gpt-4o-2024-08-06' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;

  @ApiPropertyOptional({ description: 'SHA-256 of the prompt, lowercase hex' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'promptSha256 must be 64 lowercase hexadecimal characters' })
  promptSha256?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { temperature: 0.7 } })
  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'What this asset was derived from, such as another asset id' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  parent?: string;
}

export class SubmitAssetDto {
  @ApiProperty({ example: 'demo' })
  @IsKey('classKey')
  classKey!: string;

  @ApiProperty({ example: 'Spring launch banner copy' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiProperty({ example: 'text/plain' })
  @Matches(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/, {
    message: 'mediaType must be a media type such as text/plain',
  })
  mediaType!: string;

  @ApiPropertyOptional({ description: 'The content as base64; send this or `text`' })
  @IsOptional()
  @IsBase64(undefined, { message: 'content must be base64' })
  content?: string;

  @ApiPropertyOptional({ description: 'The content as UTF-8 text; send this or `content`' })
  @IsOptional()
  @IsString()
  text?: string;

  @ApiProperty({ description: 'SHA-256 of the content bytes, hex', example: 'e3b0c442...' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256!: string;

  @ApiPropertyOptional({ type: ProvenanceDto })
  @IsOptional()
  @IsObject({ message: 'provenance must be an object' })
  @ValidateNested()
  @Type(() => ProvenanceDto)
  provenance?: ProvenanceDto;
}

export class SubmitAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ enum: ALL_VERSION_STATUSES, enumName: 'VersionStatus', example: 'validating' })
  status!: VersionStatus;
}

export class SubmitVersionDto extends SubmitAssetDto {
  @ApiProperty({
    description: 'The version this one replaces: must be the current version, or the answer is 409',
  })
  @IsVersionNumber('baseVersion')
  baseVersion!: number;
}
