import { ApiProperty } from '@nestjs/swagger';
import { USER_ROLES } from '@app/core';
import type { AuthenticatedBot, AuthenticatedUser, UserRole } from '@app/core';

/** A bot sees its own id and name, never its owner's id (what a forged person's token would need). */
export class BotCallerDto implements Pick<AuthenticatedBot, 'kind' | 'botId' | 'name'> {
  @ApiProperty({ enum: ['bot'] }) kind!: 'bot';
  @ApiProperty({ format: 'uuid' }) botId!: string;
  @ApiProperty() name!: string;
}

export class UserCallerDto implements Pick<
  AuthenticatedUser,
  'kind' | 'userId' | 'email' | 'displayName' | 'role'
> {
  @ApiProperty({ enum: ['user'] }) kind!: 'user';
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
}
