import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqliteTransactionGate } from './sqlite-transaction-gate';
import { isPostgres, placeholder, unwrapRows } from './sql-dialect';

type Row = Record<string, unknown>;
interface SqliteStatement {
  reader: boolean;
  all(...params: unknown[]): Row[];
  run(...params: unknown[]): { changes: number };
}
interface SqliteDatabase {
  inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
}
interface PgPool {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}

/** Runs one statement synchronously on SQLite (better-sqlite3): no await can happen between statements. */
export type SqliteExec = (sql: string, params: unknown[]) => Row[];

/**
 * The hot statements of the cTrader API (4.2–4.4, issue #11) straight through the database driver, prepared once:
 * TypeORM re-builds and re-prepares per call, which the profile showed as a large share of each request.
 * Only for fixed, hand-written SQL with bound parameters; everything else keeps using TypeORM.
 *
 * SQLite: better-sqlite3 is synchronous, so a statement (or a whole `sqliteTransaction`) runs to completion
 * before any other JavaScript does. It runs directly only while no TypeORM transaction is open on the single
 * connection (see SqliteTransactionGate); otherwise it waits its turn through the gate like any query, so it
 * can never land inside somebody else's transaction.
 * PostgreSQL: the pool TypeORM already owns, with named (per-connection prepared) statements.
 */
@Injectable()
export class DirectSql {
  private readonly statements = new Map<string, SqliteStatement>();
  private readonly names = new Map<string, string>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get postgres(): boolean {
    return isPostgres(this.ds);
  }

  /** The dialect's n-th bound parameter (`$n` or `?`), for SQL written once for both. */
  get placeholder(): (n: number) => string {
    return placeholder(this.ds);
  }

  async query(sql: string, params: unknown[]): Promise<Row[]> {
    if (this.postgres) return (await this.pool().query({ name: this.nameOf(sql), text: sql, values: params })).rows;
    if (this.sqliteQuiet()) return this.exec(sql, params);
    const rows = unwrapRows(await this.ds.query(sql, params));
    return Array.isArray(rows) ? rows : [];
  }

  /**
   * SQLite only: `work` runs between BEGIN and COMMIT without any await, so it is atomic and serialised by
   * construction (rolled back if it throws). Outside the gate when the connection is free; through it otherwise.
   */
  async sqliteTransaction<T>(work: (exec: SqliteExec) => T): Promise<T> {
    if (this.sqliteQuiet()) return this.runSync(work);
    const gate = SqliteTransactionGate.of(this.ds);
    if (!gate) throw new Error('SQLite transaction gate is not installed');
    return gate.exclusive(async () => this.runSync(work));
  }

  private runSync<T>(work: (exec: SqliteExec) => T): T {
    const exec: SqliteExec = (sql, params) => this.exec(sql, params);
    exec('BEGIN IMMEDIATE', []);
    try {
      const result = work(exec);
      exec('COMMIT', []);
      return result;
    } catch (e) {
      if (this.sqlite().inTransaction) exec('ROLLBACK', []);
      throw e;
    }
  }

  /** No TypeORM transaction is open or about to open on the one SQLite connection. */
  private sqliteQuiet(): boolean {
    const gate = SqliteTransactionGate.of(this.ds);
    return !gate?.busy && !this.sqlite().inTransaction;
  }

  private exec(sql: string, params: unknown[]): Row[] {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.sqlite().prepare(sql);
      this.statements.set(sql, stmt);
    }
    if (stmt.reader) return stmt.all(...params);
    stmt.run(...params);
    return [];
  }

  private sqlite(): SqliteDatabase {
    return (this.ds.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;
  }

  private pool(): PgPool {
    return (this.ds.driver as unknown as { master: PgPool }).master;
  }

  private nameOf(sql: string): string {
    let name = this.names.get(sql);
    if (!name) {
      name = `direct_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
      this.names.set(sql, name);
    }
    return name;
  }
}
