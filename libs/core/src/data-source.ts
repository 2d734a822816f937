import { DataSource } from 'typeorm';
import { Env } from '@app/config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM command line only (`npm run migration:*`); the app builds its own from the validated config. */
export default new DataSource(
  dataSourceOptions({ DATABASE_URL: process.env.DATABASE_URL ?? new Env().DATABASE_URL }),
);
