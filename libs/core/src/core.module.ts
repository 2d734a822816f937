import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AssetClassService } from './assets/asset-class.service';
import { AssetService } from './assets/asset.service';
import { MetricsService } from './metrics/metrics.service';
import { DecisionService } from './decisions/decision.service';
import { PolicyService } from './decisions/policy.service';
import { WebhookService } from './webhooks/webhook.service';
import { AuthService } from './identity/auth.service';
import { BotAuthService } from './identity/bot-auth.service';
import { DirectoryService } from './identity/directory.service';
import { LoginLockoutService } from './identity/login-lockout.service';
import { SecretsModule } from './identity/secrets.module';
import { ServiceSecrets } from './identity/service-secrets.service';
import { LEDGER_SERVICES } from './ledger';
import { LedgerService } from './ledger/ledger.service';
import { ReconcilerService } from './pipeline/reconciler.service';
import { ReleaseService } from './pipeline/release.service';
import { ValidationService } from './pipeline/validation.service';
import { RULE_SERVICES } from './rules';

const SERVICES = [
  MetricsService,
  AssetService,
  AssetClassService,
  DecisionService,
  PolicyService,
  WebhookService,
  AuthService,
  BotAuthService,
  DirectoryService,
  LedgerService,
  ...LEDGER_SERVICES,
  LoginLockoutService,
  ReconcilerService,
  ReleaseService,
  ValidationService,
  ...RULE_SERVICES,
];

/** Services shared by the API and the worker. The caller imports the database and queue modules. */
@Module({
  imports: [
    SecretsModule,
    JwtModule.registerAsync({
      imports: [SecretsModule],
      inject: [ServiceSecrets],
      useFactory: async (secrets: ServiceSecrets) => ({
        secret: (await secrets.load()).jwt,
        signOptions: { algorithm: 'HS256', issuer: 'quorate' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'quorate' },
      }),
    }),
  ],
  providers: SERVICES,
  exports: [...SERVICES, SecretsModule],
})
export class CoreModule {}
