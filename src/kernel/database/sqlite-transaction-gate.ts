import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource } from 'typeorm';

/**
 * Why this exists: TypeORM's better-sqlite3 driver has ONE query runner for the whole process. Two requests
 * that open transactions at once would nest as savepoints on the same connection, and an ordinary write of a
 * third request could land inside someone else's transaction (and vanish with its rollback).
 *
 * The gate makes a transaction exclusive on SQLite: it is opened only through `exclusive()`, which waits its
 * turn, and while one is open every query that does not belong to it (told apart by AsyncLocalStorage) waits.
 * PostgreSQL has a real pool and never goes through here. It also begins every transaction IMMEDIATE (see query).
 */
export class SqliteTransactionGate {
  private readonly owner = new AsyncLocalStorage<symbol>();
  private current: symbol | null = null;
  private tail: Promise<void> = Promise.resolve();
  private idleWaiters: Array<() => void> = [];
  /** Queries outside any transaction that passed the gate and have not finished yet. */
  private inFlight = 0;
  private drainWaiters: Array<() => void> = [];

  static install(ds: DataSource): SqliteTransactionGate {
    const gate = new SqliteTransactionGate();
    const runner = ds.driver.createQueryRunner('master') as unknown as { query: (...a: unknown[]) => Promise<unknown> };
    const original = runner.query.bind(runner);
    runner.query = async (...args: unknown[]) => {
      // Every transaction takes SQLite's write lock when it begins (IMMEDIATE), not at its first write: a deferred
      // transaction that reads and then writes must upgrade its lock, and SQLite refuses that upgrade at once
      // (SQLITE_BUSY, no busy_timeout wait) while another process commits — two instances on one file saw 500s.
      // In one process the gate already runs transactions one at a time, so this costs nothing there.
      if (args[0] === 'BEGIN TRANSACTION') args[0] = 'BEGIN IMMEDIATE TRANSACTION';
      while (gate.current && gate.owner.getStore() !== gate.current) await gate.idle();
      if (gate.current) return original(...args);
      gate.inFlight += 1;
      try {
        return await original(...args);
      } finally {
        gate.inFlight -= 1;
        if (gate.inFlight === 0) gate.drained();
      }
    };
    GATES.set(ds, gate);
    return gate;
  }

  /** A transaction holds (or is about to take) the connection. */
  get busy(): boolean {
    return this.current !== null;
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
    // Queries that passed the gate before we took it finish their statement before our BEGIN. Counted rather
    // than waited for with a timer: an uncontended transaction starts at once (issue #11: a setImmediate here
    // cost one event-loop turn per transaction, which capped 4.2 at a few hundred per second).
    if (this.inFlight > 0) await new Promise<void>((r) => this.drainWaiters.push(r));
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

  private drained(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    waiters.forEach((w) => w());
  }

  private idle(): Promise<void> {
    return new Promise((r) => this.idleWaiters.push(r));
  }
}

const GATES = new WeakMap<DataSource, SqliteTransactionGate>();
