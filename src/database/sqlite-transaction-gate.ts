import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource } from 'typeorm';

/**
 * Why this exists: TypeORM's better-sqlite3 driver has ONE query runner for the whole process. Two requests
 * that open transactions at once would nest as savepoints on the same connection, and an ordinary write of a
 * third request could land inside someone else's transaction (and vanish with its rollback).
 *
 * The gate makes a transaction exclusive on SQLite: it is opened only through `exclusive()`, which waits its
 * turn, and while one is open every query that does not belong to it (told apart by AsyncLocalStorage) waits.
 * PostgreSQL has a real pool and never goes through here.
 */
export class SqliteTransactionGate {
  private readonly owner = new AsyncLocalStorage<symbol>();
  private current: symbol | null = null;
  private tail: Promise<void> = Promise.resolve();
  private idleWaiters: Array<() => void> = [];

  static install(ds: DataSource): SqliteTransactionGate {
    const gate = new SqliteTransactionGate();
    const runner = ds.driver.createQueryRunner('master') as unknown as { query: (...a: unknown[]) => Promise<unknown> };
    const original = runner.query.bind(runner);
    runner.query = async (...args: unknown[]) => {
      while (gate.current && gate.owner.getStore() !== gate.current) await gate.idle();
      return original(...args);
    };
    GATES.set(ds, gate);
    return gate;
  }

  static of(ds: DataSource): SqliteTransactionGate | undefined {
    return GATES.get(ds);
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await previous;
    const me = Symbol('sqlite-transaction');
    this.current = me;
    // Let queries that already passed the gate finish their statement before BEGIN.
    await new Promise((r) => setImmediate(r));
    try {
      return await this.owner.run(me, fn);
    } finally {
      this.current = null;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((w) => w());
      release();
    }
  }

  private idle(): Promise<void> {
    return new Promise((r) => this.idleWaiters.push(r));
  }
}

const GATES = new WeakMap<DataSource, SqliteTransactionGate>();
