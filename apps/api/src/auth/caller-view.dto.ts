import { ApiProperty } from '@nestjs/swagger';
import { USER_ROLES } from '@app/core';
import type { AuthenticatedBot, AuthenticatedUser, UserRole } from '@app/core';

export class BotCallerDto implements AuthenticatedBot {
  @ApiProperty({ enum: ['bot'] }) kind!: 'bot';
  @ApiProperty({ format: 'uuid' }) botId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) ownerUserId!: string;
}

export class UserCallerDto implements AuthenticatedUser {
  @ApiProperty({ enum: ['user'] }) kind!: 'user';
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
}
