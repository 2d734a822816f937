import { AssetClassEntity } from './asset-class.entity';
import { AssetVersionEntity } from './asset-version.entity';
import { AssetEntity } from './asset.entity';
import { BotEntity } from './bot.entity';
import { ContentBlobEntity } from './content-blob.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { UserEntity } from './user.entity';

export {
  AssetClassEntity,
  AssetEntity,
  AssetVersionEntity,
  BotEntity,
  ContentBlobEntity,
  IdempotencyKeyEntity,
  LedgerEntryEntity,
  UserEntity,
};

export const ENTITIES = [
  AssetClassEntity,
  AssetEntity,
  AssetVersionEntity,
  BotEntity,
  ContentBlobEntity,
  IdempotencyKeyEntity,
  LedgerEntryEntity,
  UserEntity,
];
