import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Injectable, MiddlewareConsumer, Module, NestMiddleware, NestModule } from '@nestjs/common';
import { parse as parseCookies } from 'cookie';
import type { Application, NextFunction, Request, RequestHandler, Response } from 'express';
import { AuthService, CoreModule, ForbiddenError, UnauthenticatedError } from '@app/core';
import { QueueName, QueueProducer } from '@app/queues';
import {
  QUEUE_DASHBOARD_COOKIE,
  QUEUE_DASHBOARD_PATH,
  QueueDashboardController,
} from './queue-dashboard.controller';
import { serveWithoutRemoteLinks } from './queue-dashboard-page';

/**
 * Admins only. Checked on every request (page, assets and the dashboard's own API calls) against the database,
 * so a disabled or demoted admin loses access at once, not when the token expires.
 */
@Injectable()
export class QueueDashboardAccess implements NestMiddleware {
  constructor(private readonly auth: AuthService) {}

  async use(request: Request, _response: Response, next: NextFunction): Promise<void> {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ')
      ? header.slice('Bearer '.length)
      : parseCookies(request.headers.cookie ?? '')[QUEUE_DASHBOARD_COOKIE];
    const user = token ? await this.auth.authenticateAccessToken(token) : null;
    if (!user) throw new UnauthenticatedError("The queue dashboard needs an admin's access token");
    if (user.role !== 'admin') throw new ForbiddenError('The queue dashboard is for admins only');
    next();
  }
}

@Module({ imports: [CoreModule], controllers: [QueueDashboardController], providers: [QueueDashboardAccess] })
export class QueueDashboardModule implements NestModule {
  constructor(private readonly producer: QueueProducer) {}

  configure(consumer: MiddlewareConsumer): void {
    const board = new ExpressAdapter();
    board.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      // Job state lives in PostgreSQL and the reconciler re-enqueues lost work, so retrying a failed job is safe;
      // removing or cleaning jobs from here would only hide them, hence read-only otherwise.
      queues: Object.values(QueueName).map(
        (name) => new BullMQAdapter(this.producer.queue(name), { readOnlyMode: true, allowRetries: true }),
      ),
      serverAdapter: board,
    });
    serveWithoutRemoteLinks(board.getRouter() as Application);
    consumer.apply(QueueDashboardAccess, board.getRouter() as RequestHandler).forRoutes(QUEUE_DASHBOARD_PATH);
  }
}
