import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import { configModule, loggerModule } from '@app/config';
import { CoreModule, DatabaseModule } from '@app/core';
import { QueuesModule } from '@app/queues';
import { AssetController } from './assets/asset.controller';
import { AccessGuard } from './auth/access.guard';
import { BearerStrategy } from './auth/bearer.strategy';
import { HealthController } from './health/health.controller';
import { ErrorFilter } from './http/error.filter';

@Module({})
export class ApiModule {
  static async forRoot(env: Record<string, string | undefined> = process.env): Promise<DynamicModule> {
    return {
      module: ApiModule,
      imports: [
        await configModule(env),
        loggerModule(),
        DatabaseModule.forRoot(),
        QueuesModule.forRoot('producer'),
        CoreModule,
        PassportModule,
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [AssetController, HealthController],
      providers: [
        BearerStrategy,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
