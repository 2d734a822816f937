import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'reviewer@example.com' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken!: string;
}

export class TokenPairDto {
  @ApiProperty()
  accessToken!: string;

  @ApiProperty()
  refreshToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: string;

  @ApiProperty({ description: 'Seconds until the access token expires' })
  expiresIn!: number;
}

/** The one error shape (see the error filter), for the auth routes' documented failures. */
export class AuthErrorDto {
  @ApiProperty({ example: 401 })
  statusCode!: number;

  @ApiProperty({ example: 'Unauthorized' })
  error!: string;

  @ApiProperty({ example: 'The e-mail or password is wrong' })
  message!: string;
}

/** Who the credentials belong to. A bot is told its own id and name, never its owner's. */
export class MeDto {
  @ApiProperty({ enum: ['user', 'bot'] })
  kind!: 'user' | 'bot';

  @ApiPropertyOptional({ description: 'People only', format: 'uuid' })
  userId?: string;

  @ApiPropertyOptional({ description: 'People only', example: 'reviewer@example.com' })
  email?: string;

  @ApiPropertyOptional({ description: 'People only' })
  displayName?: string;

  @ApiPropertyOptional({ description: 'People only', enum: ['admin', 'reviewer'] })
  role?: 'admin' | 'reviewer';

  @ApiPropertyOptional({ description: 'Bots only', format: 'uuid' })
  botId?: string;

  @ApiPropertyOptional({ description: 'Bots only' })
  name?: string;
}
