import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthService, UserEntity } from '@app/core';
import { Allow, Public } from './access.decorator';
import { AuthErrorDto, LoginDto, MeDto, RefreshDto, TokenPairDto } from './auth.dto';
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
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ type: AuthErrorDto, description: 'A malformed body' })
  @ApiUnauthorizedResponse({ type: AuthErrorDto, description: 'A wrong e-mail or password' })
  @ApiTooManyRequestsResponse({
    type: AuthErrorDto,
    description: 'Too many attempts from this address, or failed logins for this account: see Retry-After',
  })
  login(@Req() request: Request & { user: UserEntity }): Promise<TokenPairDto> {
    return this.auth.issueTokens(request.user);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @OnlyLimit('login')
  @UseGuards(RateLimitGuard)
  @ApiOkResponse({ type: TokenPairDto, description: 'A new pair; the refresh token given is spent' })
  @ApiBadRequestResponse({ type: AuthErrorDto, description: 'A malformed body' })
  @ApiUnauthorizedResponse({
    type: AuthErrorDto,
    description: 'The token is unknown, expired, revoked or spent (a spent one revokes its whole session)',
  })
  @ApiTooManyRequestsResponse({ type: AuthErrorDto, description: 'Too many attempts from this address' })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'The session ends: its refresh tokens and its access tokens stop working',
  })
  @ApiBadRequestResponse({ type: AuthErrorDto, description: 'A malformed body' })
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Get('me')
  @Allow('bot', 'reviewer', 'admin')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ type: AuthErrorDto, description: 'No valid bearer token or API key' })
  me(@CurrentCaller() caller: Caller): MeDto {
    // A bot learns nothing about its owner: a person's id is what a forged token would need.
    if (caller.kind === 'bot') return { kind: 'bot', botId: caller.botId, name: caller.name };
    const { kind, userId, email, displayName, role } = caller;
    return { kind, userId, email, displayName, role };
  }
}
