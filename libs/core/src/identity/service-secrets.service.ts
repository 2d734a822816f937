import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Env } from '@app/config';

export interface Secrets {
  /** Signs and checks people's access tokens (HS256). */
  jwt: string;
  /** Derives each webhook's signing secret. */
  webhook: string;
}

const NAMES = { jwt: 'JWT_SECRET', webhook: 'WEBHOOK_SECRET' } as const;

/**
 * The server's own secrets: the configured ones (always, in production, where the configuration
 * refuses to start without them); otherwise random ones generated on first run and kept in
 * `service_secrets`, next to the generated ledger key, so that tokens and webhook secrets survive a
 * restart and every process of one deployment agrees. There is never a default anyone could read.
 */
@Injectable()
export class ServiceSecrets implements OnModuleInit {
  private readonly logger = new Logger(ServiceSecrets.name);
  private loading?: Promise<Secrets>;
  private loaded?: Secrets;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.load();
  }

  load(): Promise<Secrets> {
    if (!this.loading) {
      this.loading = this.resolveAll().then((secrets) => (this.loaded = secrets));
      // A failed load (the database was away) is retried by the next caller.
      this.loading.catch(() => (this.loading = undefined));
    }
    return this.loading;
  }

  /** For synchronous callers; start-up has loaded the secrets before any request is served. */
  get current(): Secrets {
    if (!this.loaded) throw new Error('the service secrets are not loaded yet');
    return this.loaded;
  }

  private async resolveAll(): Promise<Secrets> {
    return { jwt: await this.resolve(NAMES.jwt), webhook: await this.resolve(NAMES.webhook) };
  }

  private async resolve(name: (typeof NAMES)[keyof typeof NAMES]): Promise<string> {
    const configured = this.config.get(name, { infer: true });
    if (configured) return configured;
    if (this.config.get('NODE_ENV', { infer: true }) === 'production') {
      throw new Error(`${name} is required in production`);
    }
    const generated = randomBytes(48).toString('base64url');
    // Two processes starting together may both generate one: the first insert wins for both.
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO service_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name`,
      [name, generated],
    );
    if (inserted.length > 0) {
      this.logger.warn(
        `Generated ${name} and stored it in service_secrets (development only; production needs ${name})`,
      );
    }
    const rows = await this.dataSource.query<{ value: string }[]>(
      `SELECT value FROM service_secrets WHERE name = $1`,
      [name],
    );
    return rows[0].value;
  }
}
