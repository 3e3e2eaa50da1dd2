import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
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

/** What the boot reports about the database (Nest's logger; a test records the lines). */
export type DatabaseLog = Pick<Logger, 'log'>;

export async function prepareDataSource(options: DataSourceOptions, runMigrations: boolean, logger: DatabaseLog = new Logger('Database')): Promise<DataSource> {
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

/**
 * Runs the pending migrations with a line before (how many), one per migration as it starts (a long one shows
 * where the boot is), and one after (how many, how long). An up-to-date schema costs one line.
 */
async function runAndLog(ds: DataSource, logger: DatabaseLog) {
  const pending = await new MigrationExecutor(ds).getPendingMigrations();
  if (pending.length === 0) {
    logger.log(`database schema is up to date (${ds.migrations.length} migrations)`);
    return;
  }
  logger.log(`applying ${pending.length} pending migration(s) of ${ds.migrations.length}`);
  const started = performance.now();
  // Pending in the executor's order (by timestamp), which is the order they run in.
  pending.forEach(({ name, instance }, i) => {
    if (!instance) return;
    const up = instance.up.bind(instance);
    instance.up = (runner) => {
      logger.log(`migration ${i + 1}/${pending.length}: ${name}`);
      return up(runner);
    };
  });
  const done = await ds.runMigrations({ transaction: 'each' });
  logger.log(`applied ${done.length} migration(s) in ${Math.round(performance.now() - started)} ms`);
}
