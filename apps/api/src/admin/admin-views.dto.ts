import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { USER_ROLES } from '@app/core';
import type { ApiKeyView, GroupView, PersonView, UserRole } from '@app/core';

export class PersonDto implements PersonView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ type: [String], description: 'Group keys' }) groups!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Voting weight per asset class key',
  })
  weights!: Record<string, number>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedPersonDto {
  @ApiProperty({ type: PersonDto }) person!: PersonDto;
  @ApiPropertyOptional({ description: 'The generated password, shown this once, when none was given' })
  password?: string;
}

export class GroupDto implements GroupView {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], description: 'Ids of the people in the group' }) members!: string[];
}

export class ApiKeyDto implements ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The start of the key, to recognise it' }) keyPrefix!: string;
  @ApiProperty({ format: 'uuid' }) ownerUserId!: string;
  @ApiProperty({ type: [String] }) classKeys!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto }) apiKey!: ApiKeyDto;
  @ApiProperty({ description: 'The key itself (qk_...), shown this once; only its hash is stored' })
  key!: string;
}
