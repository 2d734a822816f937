import { Module } from '@nestjs/common';
import { ServiceSecrets } from './service-secrets.service';

/** Its own module so that the JWT module's factory can wait for the secrets it signs with. */
@Module({ providers: [ServiceSecrets], exports: [ServiceSecrets] })
export class SecretsModule {}
