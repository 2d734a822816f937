import { Controller, Get } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { LiveDto, ReadyDto } from './health-view.dto';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { InjectRedis, RedisClient } from '@app/queues';
import { Public } from '../auth/access.decorator';
import { ErrorBodyDto } from '../http/api-errors.decorator';

const PING_TIMEOUT_MS = 1500;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectRedis() private readonly redis: RedisClient,
  ) {}

  /** The process is up and serving HTTP; says nothing of its dependencies. */
  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process serves HTTP' })
  @ApiOkResponse({ type: LiveDto })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready to take work: PostgreSQL and Redis both answer. */
  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis both answer' })
  @ApiExtraModels(ReadyDto)
  @ApiOkResponse({ schema: { $ref: getSchemaPath(ReadyDto) } })
  @ApiServiceUnavailableResponse({
    description: 'PostgreSQL or Redis does not answer',
    schema: { $ref: getSchemaPath(ErrorBodyDto) },
  })
  // Below ours, so its own answers (a 503 body this API never sends: the error filter shapes it) are replaced.
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: PING_TIMEOUT_MS }),
      () => this.redisCheck(),
    ]);
  }

  private async redisCheck() {
    const indicator = this.indicators.check('redis');
    try {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('timed out')), PING_TIMEOUT_MS).unref(),
      );
      await Promise.race([this.redis.ping(), timeout]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}
