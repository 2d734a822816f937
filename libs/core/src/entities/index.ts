import { AssetClassEntity } from './asset-class.entity';
import { AssetVersionEntity } from './asset-version.entity';
import { AssetEntity } from './asset.entity';
import { BotEntity } from './bot.entity';
import { ContentBlobEntity } from './content-blob.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { UserEntity } from './user.entity';
import {
  BotAssetClassEntity,
  GroupMemberEntity,
  RefreshTokenEntity,
  StakeholderGroupEntity,
  StakeholderWeightEntity,
} from './identity.entities';

export {
  AssetClassEntity,
  AssetEntity,
  AssetVersionEntity,
  BotEntity,
  ContentBlobEntity,
  IdempotencyKeyEntity,
  LedgerEntryEntity,
  UserEntity,
  BotAssetClassEntity,
  GroupMemberEntity,
  RefreshTokenEntity,
  StakeholderGroupEntity,
  StakeholderWeightEntity,
};
export { USER_ROLES } from './user.entity';
export type { UserRole } from './user.entity';

export const ENTITIES = [
  AssetClassEntity,
  AssetEntity,
  AssetVersionEntity,
  BotEntity,
  ContentBlobEntity,
  IdempotencyKeyEntity,
  LedgerEntryEntity,
  UserEntity,
  BotAssetClassEntity,
  GroupMemberEntity,
  RefreshTokenEntity,
  StakeholderGroupEntity,
  StakeholderWeightEntity,
];
