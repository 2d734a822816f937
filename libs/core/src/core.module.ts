import { Module } from '@nestjs/common';
import { AssetService } from './assets/asset.service';
import { BotAuthService } from './identity/bot-auth.service';
import { LedgerService } from './ledger/ledger.service';
import { ReconcilerService } from './pipeline/reconciler.service';
import { ReleaseService } from './pipeline/release.service';
import { ValidationService } from './pipeline/validation.service';

/** Services shared by the API and the worker. The caller imports the database and queue modules. */
@Module({
  providers: [
    AssetService,
    BotAuthService,
    LedgerService,
    ReconcilerService,
    ReleaseService,
    ValidationService,
  ],
  exports: [
    AssetService,
    BotAuthService,
    LedgerService,
    ReconcilerService,
    ReleaseService,
    ValidationService,
  ],
})
export class CoreModule {}
