import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairDto })
  login(@Req() request: Request & { user: UserEntity }): Promise<TokenPairDto> {
    return this.auth.issueTokens(request.user);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @OnlyLimit('login')
  @UseGuards(RateLimitGuard)
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Get('me')
  @Allow('bot', 'reviewer', 'admin')
  @ApiBearerAuth()
  me(@CurrentCaller() caller: Caller): Caller {
    return caller;
  }
}
