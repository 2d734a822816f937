import { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnv } from './env.schema';

/**
 * Global configuration. The environment is passed in rather than read at import time, so tests and
 * the one-process launcher can give each Nest application its own database and queue prefix.
 */
export function configModule(env: Record<string, string | undefined> = process.env): Promise<DynamicModule> {
  const validated = validateEnv(env);
  return ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: () => ({ ...validated }) });
}
