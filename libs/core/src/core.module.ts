import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import type { Env } from '@app/config';
import { AssetService } from './assets/asset.service';
import { AuthService } from './identity/auth.service';
import { BotAuthService } from './identity/bot-auth.service';
import { DirectoryService } from './identity/directory.service';
import { LoginLockoutService } from './identity/login-lockout.service';
import { LedgerService } from './ledger/ledger.service';
import { ReconcilerService } from './pipeline/reconciler.service';
import { ReleaseService } from './pipeline/release.service';
import { ValidationService } from './pipeline/validation.service';

const SERVICES = [
  AssetService,
  AuthService,
  BotAuthService,
  DirectoryService,
  LedgerService,
  LoginLockoutService,
  ReconcilerService,
  ReleaseService,
  ValidationService,
];

/** Services shared by the API and the worker. The caller imports the database and queue modules. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        secret: config.get('JWT_SECRET', { infer: true }),
        signOptions: { algorithm: 'HS256', issuer: 'quorate' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'quorate' },
      }),
    }),
  ],
  providers: SERVICES,
  exports: SERVICES,
})
export class CoreModule {}
