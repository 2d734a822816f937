export * from './env.schema';
export * from './config.module';
export * from './logger.module';
export * from './ledger-env';
export * from './redact';
export * from './secret-files';
