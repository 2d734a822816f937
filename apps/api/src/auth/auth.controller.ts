import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { BotCallerDto, UserCallerDto } from './caller-view.dto';
import type { Request } from 'express';
import { AuthService, UserEntity } from '@app/core';
import { Allow, Public } from './access.decorator';
import { LoginDto, RefreshDto, TokenPairDto } from './auth.dto';
import { Caller, CurrentCaller } from './caller';
import { LoginGuard } from './login.guard';
import { OnlyLimit, RateLimitGuard } from './rate-limit.guard';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @OnlyLimit('login')
  @UseGuards(RateLimitGuard, LoginGuard)
  @ApiOperation({ summary: 'Log in with e-mail and password; returns an access and a refresh token' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiErrors(401, 429)
  login(@Req() request: Request & { user: UserEntity }): Promise<TokenPairDto> {
    return this.auth.issueTokens(request.user);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @OnlyLimit('login')
  @UseGuards(RateLimitGuard)
  @ApiOperation({ summary: 'Swap a refresh token (usable once) for a new token pair' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiErrors(401, 429)
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of a refresh token' })
  @ApiNoContentResponse({ description: 'Logged out (also when the token was already spent)' })
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Get('me')
  @Allow('bot', 'reviewer', 'admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the credentials belong to: a bot or a person' })
  @ApiExtraModels(BotCallerDto, UserCallerDto)
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(BotCallerDto) }, { $ref: getSchemaPath(UserCallerDto) }],
      discriminator: {
        propertyName: 'kind',
        mapping: { bot: getSchemaPath(BotCallerDto), user: getSchemaPath(UserCallerDto) },
      },
    },
  })
  me(@CurrentCaller() caller: Caller): BotCallerDto | UserCallerDto {
    // A bot learns nothing about its owner: a person's id is what a forged token would need.
    if (caller.kind === 'bot') return { kind: 'bot', botId: caller.botId, name: caller.name };
    const { kind, userId, email, displayName, role } = caller;
    return { kind, userId, email, displayName, role };
  }
}
