import { AssetClassEntity } from './asset-class.entity';
import { AssetVersionEntity } from './asset-version.entity';
import { AssetEntity } from './asset.entity';
import { BotEntity } from './bot.entity';
import { ContentBlobEntity } from './content-blob.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { UserEntity } from './user.entity';
import {
  AssetClassVoterGroupEntity,
  ConsensusPolicyEntity,
  DecisionEntity,
  VoteEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
} from './decision.entities';
import {
  BotAssetClassEntity,
  GroupMemberEntity,
  RefreshTokenEntity,
  StakeholderGroupEntity,
  StakeholderWeightEntity,
} from './identity.entities';
import { RULE_ENTITIES } from '../rules/rule-set.entities';

export * from './asset-class.entity';
export * from './asset-version.entity';
export * from './asset.entity';
export * from './bot.entity';
export * from './content-blob.entity';
export * from './idempotency-key.entity';
export * from './ledger-entry.entity';
export * from './user.entity';
export * from './decision.entities';
export * from './identity.entities';

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
  AssetClassVoterGroupEntity,
  ConsensusPolicyEntity,
  DecisionEntity,
  VoteEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
  ...RULE_ENTITIES,
];
