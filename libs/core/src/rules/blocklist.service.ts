import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SHA256_HEX } from '@app/domain';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { sha256Hex } from '../hashing';
import { LedgerActor, LedgerService } from '../ledger/ledger.service';
import { BlockedHashEntity } from './rule-set.entities';

export interface BlockedHashView {
  sha256: string;
  reason: string;
  createdBy: string | null;
  createdAt: string;
}

/**
 * Content hashes admins refuse in every class: a version whose content has one fails validation
 * with an `integrity.blocklisted` finding. Versions validated before the hash was added keep their
 * outcome; adding and removing are both written to the ledger.
 */
@Injectable()
export class BlocklistService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
  ) {}

  async list(): Promise<BlockedHashView[]> {
    const rows = await this.dataSource
      .getRepository(BlockedHashEntity)
      .find({ order: { createdAt: 'DESC' } });
    return rows.map(view);
  }

  async get(sha256: string): Promise<BlockedHashView> {
    const row = await this.dataSource.getRepository(BlockedHashEntity).findOneBy({ sha256: checked(sha256) });
    if (!row) throw new NotFoundError(`SHA-256 ${sha256} is not blocklisted`);
    return view(row);
  }

  async add(actor: LedgerActor, input: { sha256: string; reason: string }): Promise<BlockedHashView> {
    const sha256 = checked(input.sha256);
    return this.dataSource.transaction(async (em) => {
      if (await em.existsBy(BlockedHashEntity, { sha256 })) {
        throw new ConflictError(`SHA-256 ${sha256} is already blocklisted`);
      }
      const row = await em.save(
        em.create(BlockedHashEntity, {
          sha256,
          reason: input.reason,
          createdBy: actor.type === 'user' ? actor.id : null,
        }),
      );
      await this.ledger.append(em, {
        kind: 'blocklist.added',
        assetId: null,
        actor,
        data: { sha256, reasonSha256: sha256Hex(input.reason) },
      });
      return view(row);
    });
  }

  async remove(actor: LedgerActor, sha256: string): Promise<void> {
    const hash = checked(sha256);
    await this.dataSource.transaction(async (em) => {
      const { affected } = await em.delete(BlockedHashEntity, { sha256: hash });
      if (!affected) throw new NotFoundError(`SHA-256 ${hash} is not blocklisted`);
      await this.ledger.append(em, {
        kind: 'blocklist.removed',
        assetId: null,
        actor,
        data: { sha256: hash },
      });
    });
  }
}

function checked(sha256: string): string {
  const hash = sha256.toLowerCase();
  if (!SHA256_HEX.test(hash)) throw new InvalidInputError('sha256 must be 64 hexadecimal characters');
  return hash;
}

function view(row: BlockedHashEntity): BlockedHashView {
  return {
    sha256: row.sha256,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
