import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { canTransition, SHA256_HEX, VersionStatus } from '@app/domain';
import type { Finding } from '@app/domain';
import type { Env } from '@app/config';
import { JobName, QueueProducer } from '@app/queues';
import {
  AssetClassEntity,
  AssetEntity,
  AssetVersionEntity,
  BotAssetClassEntity,
  ContentBlobEntity,
  IdempotencyKeyEntity,
} from '../entities';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  TooManyRequestsError,
} from '../errors';
import { sha256Hex } from '../hashing';
import { DecisionService } from '../decisions/decision.service';
import { LedgerService } from '../ledger/ledger.service';

export interface SubmitAssetInput {
  classKey: string;
  title: string;
  mediaType: string;
  /** The bytes, already decoded from base64 or UTF-8 by the caller. */
  content: Buffer;
  sha256: string;
  provenance?: Record<string, unknown>;
}

export interface Caller {
  botId: string;
}

export interface SubmitResult {
  id: string;
  version: number;
  status: VersionStatus;
  /** True when an Idempotency-Key matched an earlier request and nothing new was created. */
  replayed: boolean;
}

export interface VersionView {
  version: number;
  status: VersionStatus;
  mediaType: string;
  sha256: string;
  declaredSha256: string;
  provenance: Record<string, unknown>;
  findings: Finding[];
  createdAt: string;
  updatedAt: string;
}

export interface AssetView {
  id: string;
  classKey: string;
  title: string;
  status: VersionStatus;
  currentVersion: number;
  createdAt: string;
  versions: VersionView[];
}

export interface AssetSummary {
  id: string;
  title: string;
  classKey: string;
  currentVersion: number;
  status: VersionStatus;
  createdAt: string;
  updatedAt: string;
}

interface AssetSummaryRow {
  id: string;
  title: string;
  class_key: string;
  current_version: number;
  status: VersionStatus;
  created_at: Date;
  updated_at: Date;
}

const UNIQUE_VIOLATION = '23505';

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

const CURSOR_TIME = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    // Exactly what encodeCursor writes: anything looser (a bare "1", a six-digit year, 36 dashes)
    // reaches PostgreSQL as a timestamp or uuid it refuses.
    if (
      typeof createdAt === 'string' &&
      CURSOR_TIME.test(createdAt) &&
      new Date(createdAt).toISOString() === createdAt &&
      typeof id === 'string' &&
      isUUID(id)
    ) {
      return { createdAt, id };
    }
  } catch {
    // Falls through to the same answer as a well-formed but meaningless cursor.
  }
  throw new InvalidInputError('cursor is not one this API gave out');
}

@Injectable()
export class AssetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly queues: QueueProducer,
    private readonly decisions: DecisionService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /**
   * Stores the content once by hash and creates a version in `validating` with its ledger entry, in
   * one transaction; the validation job is enqueued after commit. Without `replacing` it creates a new
   * asset; with it, the next version of that asset, which must name the current version as its base.
   */
  async submit(
    caller: Caller,
    input: SubmitAssetInput,
    idempotencyKey?: string,
    replacing?: { assetId: string; baseVersion: number },
  ): Promise<SubmitResult> {
    const declared = input.sha256.toLowerCase();
    if (!SHA256_HEX.test(declared)) throw new InvalidInputError('sha256 must be 64 hexadecimal characters');
    const contentSha256 = sha256Hex(input.content);
    const requestHash = sha256Hex(
      JSON.stringify([
        replacing ?? null,
        input.classKey,
        input.title,
        input.mediaType,
        contentSha256,
        declared,
        input.provenance ?? {},
      ]),
    );

    if (idempotencyKey) {
      const earlier = await this.replay(caller.botId, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }

    let created: { assetId: string; versionId: string; version: number };
    try {
      created = await this.dataSource.transaction(async (em) => {
        const assetClass = await em.findOneBy(AssetClassEntity, { key: input.classKey });
        if (!assetClass) throw new InvalidInputError(`Unknown asset class "${input.classKey}"`);
        if (!(await em.existsBy(BotAssetClassEntity, { botId: caller.botId, classId: assetClass.id }))) {
          throw new ForbiddenError(`This bot may not submit to asset class "${input.classKey}"`);
        }
        const asset = replacing
          ? await this.nextVersionOf(em, caller, assetClass, replacing, input.title)
          : await em.save(
              em.create(AssetEntity, {
                classId: assetClass.id,
                title: input.title,
                botId: caller.botId,
                currentVersion: 1,
              }),
            );
        await em
          .createQueryBuilder()
          .insert()
          .into(ContentBlobEntity)
          .values({ sha256: contentSha256, bytes: input.content, sizeBytes: input.content.length })
          .orIgnore()
          .execute();
        const version = await em.save(
          em.create(AssetVersionEntity, {
            assetId: asset.id,
            version: asset.currentVersion,
            status: VersionStatus.Validating,
            mediaType: input.mediaType,
            declaredSha256: declared,
            contentSha256,
            provenance: input.provenance ?? {},
            findings: [],
          }),
        );
        if (idempotencyKey) {
          await em.insert(IdempotencyKeyEntity, {
            botId: caller.botId,
            key: idempotencyKey,
            requestHash,
            assetId: asset.id,
            version: version.version,
          });
        }
        // Last but for the ledger: the usage row stays locked until commit, so as little as possible follows.
        await this.chargeDailyBytes(em, caller.botId, input.content.length);
        await this.ledger.append(em, {
          kind: 'version.submitted',
          assetId: asset.id,
          versionNumber: version.version,
          contentSha256,
          actor: { type: 'bot', id: caller.botId },
          data: {
            version: version.version,
            baseVersion: replacing?.baseVersion ?? null,
            classKey: assetClass.key,
            title: input.title,
            mediaType: input.mediaType,
            contentSha256,
            declaredSha256: declared,
            provenance: input.provenance ?? {},
            status: VersionStatus.Validating,
          },
        });
        return { assetId: asset.id, versionId: version.id, version: version.version };
      });
    } catch (error) {
      // Two requests with one Idempotency-Key raced: the loser answers with the winner's result.
      if (idempotencyKey && (error as { code?: string }).code === UNIQUE_VIOLATION) {
        const earlier = await this.replay(caller.botId, idempotencyKey, requestHash);
        if (earlier) return earlier;
      }
      throw error;
    }

    await this.queues.enqueueAfterCommit([{ job: JobName.ValidateVersion, id: created.versionId }]);
    return {
      id: created.assetId,
      version: created.version,
      status: VersionStatus.Validating,
      replayed: false,
    };
  }

  /**
   * Refuses a stale base (a 409, never a silent fork) and moves the asset to its next version number.
   * Locks in the order every transition uses: the current version's row, then the asset. The base
   * version is superseded only if it is still in flight; a released or otherwise terminal version
   * keeps its state and simply stops being current.
   */
  private async nextVersionOf(
    em: EntityManager,
    caller: Caller,
    assetClass: AssetClassEntity,
    replacing: { assetId: string; baseVersion: number },
    title: string,
  ): Promise<AssetEntity> {
    const seen = await em.findOneBy(AssetEntity, { id: replacing.assetId, botId: caller.botId });
    if (!seen) throw new NotFoundError(`Asset ${replacing.assetId} not found`);
    if (seen.classId !== assetClass.id)
      throw new InvalidInputError('A new version must keep the asset class');
    const stale = (currentVersion: number) =>
      new ConflictError(
        `baseVersion ${replacing.baseVersion} is stale: the current version is ${currentVersion}`,
        { currentVersion },
      );
    if (replacing.baseVersion !== seen.currentVersion) throw stale(seen.currentVersion);

    const current = await em.findOne(AssetVersionEntity, {
      where: { assetId: seen.id, version: replacing.baseVersion },
      lock: { mode: 'pessimistic_write' },
    });
    const asset = await em.findOneOrFail(AssetEntity, {
      where: { id: seen.id },
      lock: { mode: 'pessimistic_write' },
    });
    // Another new version committed between the unlocked read and the locks.
    if (!current || asset.currentVersion !== replacing.baseVersion) throw stale(asset.currentVersion);

    if (canTransition(current.status, VersionStatus.Superseded)) {
      await em.update(AssetVersionEntity, { id: current.id }, { status: VersionStatus.Superseded });
      await this.decisions.closeWithVersion(em, current.id, 'superseded');
      await this.ledger.append(em, {
        kind: 'version.superseded',
        assetId: asset.id,
        versionNumber: current.version,
        contentSha256: current.contentSha256,
        actor: { type: 'bot', id: caller.botId },
        data: { version: current.version, contentSha256: current.contentSha256, by: current.version + 1 },
      });
    }
    asset.currentVersion += 1;
    asset.title = title;
    return em.save(asset);
  }

  /**
   * Withdraws a version its bot no longer stands behind: from any non-terminal state, closing its open
   * decision; a version already at an end (released, rejected, ...) is a 409 and stays as it is.
   * The pending job that finds it withdrawn does nothing.
   */
  async withdraw(caller: Caller, assetId: string, versionNumber: number): Promise<VersionView> {
    await this.dataSource.transaction(async (em) => {
      if (!(await em.existsBy(AssetEntity, { id: assetId, botId: caller.botId })))
        throw new NotFoundError(`Asset ${assetId} not found`);
      const version = await em.findOne(AssetVersionEntity, {
        where: { assetId, version: versionNumber },
        lock: { mode: 'pessimistic_write' },
      });
      if (!version) throw new NotFoundError(`Asset ${assetId} has no version ${versionNumber}`);
      if (!canTransition(version.status, VersionStatus.Withdrawn)) {
        throw new ConflictError(
          `Version ${versionNumber} is ${version.status}: only a version in flight can be withdrawn`,
          {
            status: version.status,
          },
        );
      }
      await em.update(AssetVersionEntity, { id: version.id }, { status: VersionStatus.Withdrawn });
      await this.decisions.closeWithVersion(em, version.id, 'withdrawn');
      await this.ledger.append(em, {
        kind: 'version.withdrawn',
        assetId,
        versionNumber: version.version,
        contentSha256: version.contentSha256,
        actor: { type: 'bot', id: caller.botId },
        data: {
          version: version.version,
          contentSha256: version.contentSha256,
          status: VersionStatus.Withdrawn,
        },
      });
    });
    return this.version(assetId, versionNumber, caller);
  }

  /**
   * Counts the bytes against the bot's quota for the current UTC day, or refuses them with a 429 that
   * says when the day ends. Atomic under concurrency: the usage row is locked by the upsert until the
   * submission commits, and a rollback takes the charge back with everything else.
   */
  private async chargeDailyBytes(em: EntityManager, botId: string, bytes: number): Promise<void> {
    const limit = this.config.get('BOT_DAILY_BYTES', { infer: true });
    const charged = await em.query<unknown[]>(
      `INSERT INTO bot_daily_usage AS u (bot_id, day, bytes)
       SELECT $1, (now() AT TIME ZONE 'UTC')::date, $2 WHERE $2::bigint <= $3::bigint
       ON CONFLICT (bot_id, day) DO UPDATE SET bytes = u.bytes + EXCLUDED.bytes
        WHERE u.bytes + EXCLUDED.bytes <= $3::bigint
       RETURNING 1`,
      [botId, bytes, limit],
    );
    if (charged.length > 0) return;
    const [{ seconds }] = await em.query<{ seconds: number }[]>(
      `SELECT ceil(extract(epoch FROM date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day'
                                  - (now() AT TIME ZONE 'UTC')))::int AS seconds`,
    );
    throw new TooManyRequestsError(
      `This bot's daily storage quota of ${limit} bytes is spent; it renews at 00:00 UTC`,
      Math.max(1, seconds),
    );
  }

  /**
   * A page of assets, newest first. The cursor is opaque to clients: the position of the last asset
   * of the previous page, so pages stay stable while new assets arrive.
   */
  async list(
    filter: { classKey?: string; status?: VersionStatus; limit: number; cursor?: string },
    ownedBy?: Caller,
  ): Promise<{ items: AssetSummary[]; nextCursor: string | null }> {
    const after = filter.cursor ? decodeCursor(filter.cursor) : null;
    const rows = await this.dataSource.query<AssetSummaryRow[]>(
      `SELECT a.id, a.title, c.key AS class_key, a.current_version, v.status, a.created_at, a.updated_at
         FROM assets a
         JOIN asset_classes c ON c.id = a.class_id
         JOIN asset_versions v ON v.asset_id = a.id AND v.version = a.current_version
        WHERE ($1::uuid IS NULL OR a.bot_id = $1)
          AND ($2::text IS NULL OR c.key = $2)
          AND ($3::text IS NULL OR v.status = $3)
          AND ($4::timestamptz IS NULL OR (a.created_at, a.id) < ($4, $5::uuid))
        ORDER BY a.created_at DESC, a.id DESC
        LIMIT $6`,
      [
        ownedBy?.botId ?? null,
        filter.classKey ?? null,
        filter.status ?? null,
        after?.createdAt ?? null,
        after?.id ?? null,
        filter.limit + 1,
      ],
    );
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        title: r.title,
        classKey: r.class_key,
        currentVersion: r.current_version,
        status: r.status,
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      })),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  async version(assetId: string, version: number, ownedBy?: Caller): Promise<VersionView> {
    const asset = await this.get(assetId, ownedBy);
    const found = asset.versions.find((v) => v.version === version);
    if (!found) throw new NotFoundError(`Asset ${assetId} has no version ${version}`);
    return found;
  }

  /** The stored bytes of a version, exactly as submitted. */
  async content(
    assetId: string,
    version: number,
    ownedBy?: Caller,
  ): Promise<{ mediaType: string; sha256: string; bytes: Buffer }> {
    const found = await this.version(assetId, version, ownedBy);
    const blob = await this.dataSource
      .getRepository(ContentBlobEntity)
      .findOneByOrFail({ sha256: found.sha256 });
    return { mediaType: found.mediaType, sha256: found.sha256, bytes: blob.bytes };
  }

  /** With `ownedBy`, an asset of another bot is reported as missing, not forbidden, so ids do not leak. */
  async get(assetId: string, ownedBy?: Caller): Promise<AssetView> {
    const asset = await this.dataSource
      .getRepository(AssetEntity)
      .findOneBy(ownedBy ? { id: assetId, botId: ownedBy.botId } : { id: assetId });
    if (!asset) throw new NotFoundError(`Asset ${assetId} not found`);
    return this.view(this.dataSource.manager, asset);
  }

  private async view(em: EntityManager, asset: AssetEntity): Promise<AssetView> {
    const [assetClass, versions] = await Promise.all([
      em.findOneByOrFail(AssetClassEntity, { id: asset.classId }),
      em.find(AssetVersionEntity, { where: { assetId: asset.id }, order: { version: 'ASC' } }),
    ]);
    const current = versions.find((v) => v.version === asset.currentVersion);
    return {
      id: asset.id,
      classKey: assetClass.key,
      title: asset.title,
      status: current?.status ?? VersionStatus.Submitted,
      currentVersion: asset.currentVersion,
      createdAt: asset.createdAt.toISOString(),
      versions: versions.map((v) => ({
        version: v.version,
        status: v.status,
        mediaType: v.mediaType,
        sha256: v.contentSha256,
        declaredSha256: v.declaredSha256,
        provenance: v.provenance,
        findings: v.findings,
        createdAt: v.createdAt.toISOString(),
        updatedAt: v.updatedAt.toISOString(),
      })),
    };
  }

  private async replay(botId: string, key: string, requestHash: string): Promise<SubmitResult | null> {
    const row = await this.dataSource.getRepository(IdempotencyKeyEntity).findOneBy({ botId, key });
    if (!row) return null;
    if (row.requestHash !== requestHash) {
      throw new ConflictError('This Idempotency-Key was already used for a different request');
    }
    const version = await this.dataSource
      .getRepository(AssetVersionEntity)
      .findOneByOrFail({ assetId: row.assetId, version: row.version });
    return { id: row.assetId, version: row.version, status: version.status, replayed: true };
  }
}
