import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBase64, IsISO8601, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOptional } from '../http/optional';
import { IsKey } from '../http/keys';
import { IsVersionNumber } from '../http/versions';

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/;

const EXAMPLE_RULES = [
  {
    id: 'no-buzzwords',
    kind: 'banned-term',
    severity: 'error',
    terms: [{ term: 'synergy', suggestion: 'collaboration' }],
  },
  { id: 'brand-names', kind: 'term-casing', severity: 'error', terms: ['Quorate'] },
  { id: 'legal-line', kind: 'required-phrase', severity: 'error', phrase: 'Terms apply.' },
];

const RULES_DESCRIPTION =
  'The rules, each {id, kind, severity, ...}; kinds: banned-term, required-phrase, term-casing, max-length, ' +
  'min-length, pattern (RE2), link-domains, pii, secrets, media-type, max-bytes, palette, image-dimensions; ' +
  'any rule may carry mediaTypes (["text/html", "image/*"]) to run only on those types. ' +
  'Checked in full: every problem is reported (422) with where it is, such as rules[2].terms[0].';

export class CreateRuleSetDto {
  @ApiProperty({ example: 'brand-acme' })
  @IsKey('key')
  key!: string;

  @ApiProperty({ example: 'Acme brand rules' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'Voice, legal lines and palette for Acme marketing' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: RULES_DESCRIPTION,
    example: EXAMPLE_RULES,
  })
  @IsArray()
  rules!: unknown[];
}

export class UpdateRuleSetDto {
  @ApiPropertyOptional({ description: 'Omit to keep the current name' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ type: 'array', items: { type: 'object' }, description: RULES_DESCRIPTION })
  @IsArray()
  rules!: unknown[];

  @ApiPropertyOptional({
    description: 'The version this edit is based on; a 409 if another edit came first',
    minimum: 1,
  })
  @IsOptional()
  @IsVersionNumber('baseVersion')
  baseVersion?: number;
}

/** A sample to try rules on: its media type and bytes, as text or base64. */
class RuleSampleDto {
  @ApiProperty({ example: 'text/markdown' })
  @Matches(MEDIA_TYPE, { message: 'mediaType must be a media type such as text/plain' })
  mediaType!: string;

  @ApiPropertyOptional({ description: 'The sample as UTF-8 text; send this or `content`' })
  @IsOptional()
  @IsString()
  text?: string;

  @ApiPropertyOptional({ description: 'The sample as base64; send this or `text`' })
  @IsOptional()
  @IsBase64(undefined, { message: 'content must be base64' })
  content?: string;
}

export class TestRuleSetDto extends RuleSampleDto {
  @ApiPropertyOptional({ description: 'A past version to test; the latest by default', minimum: 1 })
  @IsOptional()
  @IsVersionNumber('version')
  version?: number;
}

export class TestDraftRuleSetDto extends RuleSampleDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: `${RULES_DESCRIPTION} Not saved and not written to the ledger.`,
    example: EXAMPLE_RULES,
  })
  @IsArray()
  rules!: unknown[];
}

export class BlockHashDto {
  @ApiProperty({ description: 'SHA-256 of the content bytes, hex' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256!: string;

  @ApiProperty({ example: 'Leaked draft of the Q3 results' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class DriftQueryDto {
  @ApiPropertyOptional({ example: 'demo', description: 'One class; all classes when omitted' })
  @IsOptional()
  @IsKey('classKey')
  classKey?: string;

  @ApiPropertyOptional({
    example: '2025-09-01',
    description: 'Start (inclusive); 12 weeks before `to` by default',
  })
  @IsOptional()
  @Transform(trim)
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-12-01', description: 'End (exclusive); now by default' })
  @IsOptional()
  @Transform(trim)
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}

export class IncludeArchivedQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @Matches(/^(true|false)$/, { message: 'includeArchived must be true or false' })
  includeArchived?: string;
}
