import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/config-loader';
import { dataSourceOptions } from './src/database/data-source-options';

/**
 * The TypeORM CLI's data source (npm run migration:run / migration:revert), built from the same config as
 * the server: DATABASE_URL picks PostgreSQL, otherwise the embedded SQLite file.
 */
export default new DataSource(dataSourceOptions(loadConfig().database));
