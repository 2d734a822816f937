import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_LEDGER_ORIGIN } from '@app/config';
import type { Env } from '@app/config';
import { generateNoteKeys, parseSignerKey } from '@app/domain';

/** The log's one Ed25519 key: it signs every entry's envelope and every checkpoint. */
export interface LogSigner {
  /** The key name, which is also the checkpoints' origin. */
  readonly name: string;
  readonly keyId: string;
  readonly privateKey: KeyObject;
  /** The public verifier key in signed-note form, `<name>+<id>+<base64>`. */
  readonly verifierKey: string;
}

/**
 * Resolves the signing key: LEDGER_SIGNING_KEY when configured (always, in production); otherwise a
 * key generated on first run and kept in `ledger_keys`, so the log stays verifiable across restarts.
 */
@Injectable()
export class LedgerKeys implements OnModuleInit {
  private readonly logger = new Logger(LedgerKeys.name);
  private loading?: Promise<LogSigner>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<Env, true>,
  ) {}

  // Loaded at start-up: a first append must not wait for a second pooled connection while holding one.
  async onModuleInit(): Promise<void> {
    await this.signer();
  }

  signer(): Promise<LogSigner> {
    if (!this.loading) {
      this.loading = this.load();
      // A failed load (say, the database was away) is retried by the next caller.
      this.loading.catch(() => (this.loading = undefined));
    }
    return this.loading;
  }

  private async load(): Promise<LogSigner> {
    const configured = this.config.get('LEDGER_SIGNING_KEY', { infer: true });
    if (configured) return toSigner(configured);
    if (this.config.get('NODE_ENV', { infer: true }) === 'production') {
      throw new Error('LEDGER_SIGNING_KEY is required in production');
    }
    const origin = this.config.get('LEDGER_ORIGIN', { infer: true }) ?? DEFAULT_LEDGER_ORIGIN;
    const stored = await this.stored(origin);
    if (stored) return toSigner(stored);
    const generated = generateNoteKeys(origin);
    // Two processes starting together may both generate one: the first insert wins for both.
    await this.dataSource.query(
      `INSERT INTO ledger_keys (name, signer_key, verifier_key) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
      [origin, generated.signerKey, generated.verifierKey],
    );
    const kept = (await this.stored(origin))!;
    if (kept === generated.signerKey) {
      this.logger.warn(
        `Generated a ledger signing key for ${origin} and stored it in ledger_keys (development only; ` +
          `production needs LEDGER_SIGNING_KEY). Verifier key: ${generated.verifierKey}`,
      );
    }
    return toSigner(kept);
  }

  private async stored(origin: string): Promise<string | undefined> {
    const rows = await this.dataSource.query<{ signer_key: string }[]>(
      `SELECT signer_key FROM ledger_keys WHERE name = $1`,
      [origin],
    );
    return rows[0]?.signer_key;
  }
}

function toSigner(signerKey: string): LogSigner {
  const parsed = parseSignerKey(signerKey);
  // The configured key was checked at start-up, so this is a stored key that has been tampered with.
  if (!parsed.ok) throw new Error(`the ledger signing key is unusable: ${parsed.detail}`);
  const { name, keyId, privateKey, verifierKey } = parsed.value;
  return { name, keyId, privateKey, verifierKey };
}
