import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import type { Env } from '@app/config';
import { Allow } from '../auth/access.decorator';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** Browsers do not send Authorization headers when navigating, so the dashboard also takes the token from this cookie. */
export const QUEUE_DASHBOARD_COOKIE = 'quorate_queue_dashboard';

@ApiTags('admin')
@Controller('v1/admin/queue-dashboard')
export class QueueDashboardController {
  constructor(private readonly config: ConfigService<Env, true>) {}

  /**
   * Hands the caller's access token to the browser as a cookie scoped to the dashboard, so an admin can open it
   * in a tab. HttpOnly keeps it from scripts; SameSite=Strict keeps other sites from using it.
   */
  @Post('session')
  @Allow('admin')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Open the queue dashboard in this browser (sets a cookie)' })
  @ApiNoContentResponse({ description: `Sets a cookie that opens ${QUEUE_DASHBOARD_PATH} for this admin` })
  openSession(@Req() request: Request, @Res({ passthrough: true }) response: Response): void {
    const token = (request.headers.authorization ?? '').slice('Bearer '.length);
    response.cookie(QUEUE_DASHBOARD_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.secure,
      path: QUEUE_DASHBOARD_PATH,
      maxAge: this.config.get('ACCESS_TOKEN_TTL_SECONDS', { infer: true }) * 1000,
    });
  }
}
