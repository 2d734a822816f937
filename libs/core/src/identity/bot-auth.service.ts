import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BotEntity, UserEntity } from '../entities';
import { API_KEY_PREFIX, hashApiKey } from './secrets';

export interface AuthenticatedBot {
  kind: 'bot';
  botId: string;
  name: string;
  ownerUserId: string;
}

// last_used_at is a hint for admins, not an audit trail: writing it on every request would turn
// each read into a write, so it is refreshed at most once a minute per key.
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class BotAuthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async authenticate(apiKey: string): Promise<AuthenticatedBot | null> {
    if (!apiKey.startsWith(API_KEY_PREFIX) || apiKey.length > 200) return null;
    const bots = this.dataSource.getRepository(BotEntity);
    // A bot acts for its owner: once the owner is disabled, so is the bot.
    const bot = await bots
      .createQueryBuilder('bot')
      .innerJoin(UserEntity, 'owner', 'owner.id = bot.ownerUserId AND owner.disabledAt IS NULL')
      .where('bot.keyHash = :hash AND bot.revokedAt IS NULL', { hash: hashApiKey(apiKey) })
      .getOne();
    if (!bot) return null;
    const now = Date.now();
    if (!bot.lastUsedAt || now - bot.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await bots.update({ id: bot.id }, { lastUsedAt: new Date(now) });
    }
    return { kind: 'bot', botId: bot.id, name: bot.name, ownerUserId: bot.ownerUserId };
  }
}
