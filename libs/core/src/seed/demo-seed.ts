import { DataSource } from 'typeorm';
import { AssetClassEntity, BotAssetClassEntity, BotEntity, UserEntity } from '../entities';
import { generateApiKey, generatePassword, hashPassword } from '../identity/secrets';

export const DEMO_ADMIN_EMAIL = 'admin@quorate.local';
export const DEMO_CLASS_KEY = 'demo';

export interface DemoCredentials {
  adminEmail: string;
  /** Present only when this run created the account: secrets are shown once and never stored. */
  adminPassword?: string;
  botKey?: string;
  classKey: string;
}

/** Creates whatever part of the demo data is missing. Safe to run at every start. */
export async function seedDemo(dataSource: DataSource): Promise<DemoCredentials> {
  return dataSource.transaction(async (em) => {
    const credentials: DemoCredentials = { adminEmail: DEMO_ADMIN_EMAIL, classKey: DEMO_CLASS_KEY };
    let admin = await em.findOneBy(UserEntity, { email: DEMO_ADMIN_EMAIL });
    if (!admin) {
      credentials.adminPassword = generatePassword();
      admin = await em.save(
        em.create(UserEntity, {
          email: DEMO_ADMIN_EMAIL,
          passwordHash: await hashPassword(credentials.adminPassword),
          role: 'admin',
        }),
      );
    }
    await em
      .createQueryBuilder()
      .insert()
      .into(AssetClassEntity)
      .values({ key: DEMO_CLASS_KEY, name: 'Demo collateral (released automatically)', mode: 'auto' })
      .orIgnore()
      .execute();
    const demoClass = await em.findOneByOrFail(AssetClassEntity, { key: DEMO_CLASS_KEY });
    if (!(await em.existsBy(BotEntity, { name: 'demo-bot' }))) {
      const apiKey = generateApiKey();
      credentials.botKey = apiKey.key;
      const bot = await em.save(
        em.create(BotEntity, {
          name: 'demo-bot',
          ownerUserId: admin.id,
          keyHash: apiKey.hash,
          keyPrefix: apiKey.displayPrefix,
        }),
      );
      await em.insert(BotAssetClassEntity, { botId: bot.id, classId: demoClass.id });
    }
    return credentials;
  });
}
