import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsOptional } from '../http/optional';
import { USER_ROLES } from '@app/core';
import { AreKeys, IsKey } from '../http/keys';
import type { UserRole } from '@app/core';

export class CreatePersonDto {
  @ApiProperty({ example: 'riley@example.com' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ example: 'Riley Brand' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  displayName?: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role!: UserRole;

  @ApiPropertyOptional({
    description: 'At least 12 characters; omit to have one generated and returned once',
  })
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password?: string;
}

export class UpdatePersonDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ description: 'A disabled person can neither log in nor use a token issued earlier' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password?: string;
}

export class SetWeightDto {
  @ApiProperty({
    description: 'Voting weight for this asset class; 0 means not eligible',
    minimum: 0,
    maximum: 1000000,
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  weight!: number;
}

export class CreateGroupDto {
  @ApiProperty({ example: 'legal' })
  @IsKey('key')
  key!: string;

  @ApiProperty({ example: 'Legal' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'campaign-writer' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ description: 'The person answerable for this bot (and barred from approving its work)' })
  @IsUUID()
  ownerUserId!: string;

  @ApiProperty({ example: ['demo'], description: 'Asset classes the bot may submit to' })
  @IsArray()
  @ArrayMaxSize(100)
  @AreKeys('class key')
  classKeys!: string[];
}
