import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { SqliteTransactionGate } from '../kernel/database';

/** Several instances may start at once on one PostgreSQL: migrations run under this advisory lock. */
const MIGRATION_LOCK = 7262001;

@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    let runMigrations = true;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            runMigrations = config.database.migrationsRun;
            return dataSourceOptions(config.database);
          },
          dataSourceFactory: async (options) => prepareDataSource(options as DataSourceOptions, runMigrations),
        }),
      ],
      providers: [SqliteCheckpointer],
    };
  }
}

export async function prepareDataSource(options: DataSourceOptions, runMigrations: boolean): Promise<DataSource> {
  const logger = new Logger('Database');
  if (options.type === 'postgres' && options.schema) {
    const bootstrap = new DataSource({ ...options, schema: undefined, entities: [], migrations: [], extra: { max: 1 } });
    await bootstrap.initialize();
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    await bootstrap.destroy();
  }
  const ds = await new DataSource(options).initialize();
  if (options.type === 'better-sqlite3') SqliteTransactionGate.install(ds);
  if (runMigrations) {
    if (options.type === 'postgres') {
      const runner = ds.createQueryRunner();
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await runAndLog(ds, logger);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
        await runner.release();
      }
    } else await runAndLog(ds, logger);
  }
  return ds;
}

async function runAndLog(ds: DataSource, logger: Logger) {
  const done = await ds.runMigrations({ transaction: 'each' });
  if (done.length) logger.log(`applied ${done.length} migration(s): ${done.map((m) => m.name).join(', ')}`);
}
