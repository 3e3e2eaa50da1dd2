import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '../config/app-config';
import { resolveDataPath } from '../config/config-loader';
import { dialectOf } from '../kernel/database';
import { ENTITIES } from './entities';

/**
 * One entity set, two dialects: the options differ only in driver settings and in the migrations folder
 * (each dialect has its own generated migrations, see src/database/migrations/).
 */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const dialect = dialectOf(db.url);
  const migrations = [join(__dirname, 'migrations', dialect, '*.{js,ts}')];
  const common = { entities: ENTITIES, migrations, migrationsRun: false, synchronize: false, logging: db.logging };
  if (dialect === 'sqlite') {
    const file = resolveDataPath(db.url);
    mkdirSync(dirname(file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      // WAL lets readers proceed during a write; busy_timeout makes a second process wait instead of failing.
      prepareDatabase: (d: { pragma(s: string): unknown }) => {
        d.pragma('journal_mode = WAL');
        d.pragma('synchronous = NORMAL');
        d.pragma('busy_timeout = 5000');
        d.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: db.url,
    schema: db.schema,
    // Unqualified names in the generated migrations land in this schema (tests use a fresh one per run).
    extra: { max: 20, ...(db.schema ? { options: `-c search_path=${db.schema}` } : {}) },
  };
}
