import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { Cluster } from 'ioredis';
import { configModule, Env, loggerModule } from '@app/config';
import { CoreModule, DatabaseModule } from '@app/core';
import { QueuesModule, REDIS, RedisClient } from '@app/queues';
import { ApiKeyController } from './admin/api-key.controller';
import { GroupController } from './admin/group.controller';
import { StakeholderController } from './admin/stakeholder.controller';
import { AssetController } from './assets/asset.controller';
import { AssetClassController } from './classes/asset-class.controller';
import { DecisionController } from './decisions/decision.controller';
import { PolicyController } from './decisions/policy.controller';
import { WebhookController } from './webhooks/webhook.controller';
import { AuthController } from './auth/auth.controller';
import { LocalStrategy } from './auth/local.strategy';
import { AccessGuard } from './auth/access.guard';
import type { LimitName } from './auth/rate-limit.guard';
import { BearerStrategy } from './auth/bearer.strategy';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { LedgerController } from './ledger/ledger.controller';
import { ProvenanceController } from './ledger/provenance.controller';
import { BlocklistController } from './rules/blocklist.controller';
import { DriftReportController } from './rules/drift-report.controller';
import { RuleSetController } from './rules/rule-set.controller';
import { ValidationResultController } from './rules/validation-result.controller';
import { ErrorFilter } from './http/error.filter';
import { QueueDashboardModule } from './queues/queue-dashboard.module';
import { InputSafetyMiddleware } from './http/input-safety.middleware';

@Module({})
export class ApiModule implements NestModule {
  static async forRoot(
    env: Record<string, string | undefined> = process.env,
    logDestination?: DestinationStream,
  ): Promise<DynamicModule> {
    return {
      module: ApiModule,
      imports: [
        await configModule(env),
        loggerModule(logDestination),
        DatabaseModule.forRoot(),
        QueuesModule.forRoot('producer'),
        CoreModule,
        PassportModule,
        TerminusModule.forRoot({ logger: false }),
        QueueDashboardModule,
        ThrottlerModule.forRootAsync({
          inject: [ConfigService, REDIS],
          useFactory: (config: ConfigService<Env, true>, redis: RedisClient) => ({
            throttlers: [
              {
                name: 'login' satisfies LimitName,
                ttl: 60_000,
                limit: config.get('LOGIN_RATE_LIMIT', { infer: true }),
              },
              {
                name: 'submit' satisfies LimitName,
                ttl: 60_000,
                limit: config.get('SUBMIT_RATE_LIMIT', { infer: true }),
              },
              {
                name: 'public' satisfies LimitName,
                ttl: 60_000,
                limit: config.get('PUBLIC_RATE_LIMIT', { infer: true }),
              },
            ],
            // In Redis, so the limits hold across every API instance.
            // Its keys are hash-tagged per counter, so each script stays in one slot of a cluster.
            storage:
              redis instanceof Cluster
                ? new ThrottlerStorageRedisService(redis)
                : new ThrottlerStorageRedisService(redis),
          }),
        }),
      ],
      controllers: [
        AssetController,
        AssetClassController,
        DecisionController,
        PolicyController,
        WebhookController,
        AuthController,
        StakeholderController,
        GroupController,
        ApiKeyController,
        HealthController,
        MetricsController,
        LedgerController,
        ProvenanceController,
        RuleSetController,
        BlocklistController,
        DriftReportController,
        ValidationResultController,
      ],
      providers: [
        BearerStrategy,
        LocalStrategy,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }

  // After the JSON parser, before guards: the login guard reads the body before any pipe runs. On
  // every path (one catch-all layer, like the 404 handler's), so a new route cannot miss it.
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(InputSafetyMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
