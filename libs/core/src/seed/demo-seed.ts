import { DataSource } from 'typeorm';
import {
  AssetClassEntity,
  BotAssetClassEntity,
  BotEntity,
  ConsensusPolicyEntity,
  UserEntity,
} from '../entities';
import { generateApiKey, generatePassword, hashPassword } from '../identity/secrets';

export const DEMO_ADMIN_EMAIL = 'admin@quorate.local';
export const DEMO_CLASS_KEY = 'demo';

/** Released without a vote; the quorum fields only apply if an admin switches the class to `quorum`. */
const DEMO_AUTO_POLICY = {
  mode: 'auto' as const,
  quorumBps: 5000,
  approvalBps: 5000,
  minApprovers: 1,
  requiredGroups: [],
  vetoGroups: [],
  votingPeriodSeconds: 86_400,
  earlyDecision: true,
};

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
    let demoClass = await em.findOneBy(AssetClassEntity, { key: DEMO_CLASS_KEY });
    if (!demoClass) {
      demoClass = await em.save(
        em.create(AssetClassEntity, {
          key: DEMO_CLASS_KEY,
          name: 'Demo collateral (released automatically)',
        }),
      );
      await em.insert(ConsensusPolicyEntity, { classId: demoClass.id, version: 1, ...DEMO_AUTO_POLICY });
    }
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
