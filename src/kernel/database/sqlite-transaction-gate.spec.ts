import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SqliteTransactionGate } from './sqlite-transaction-gate';
import { UnitOfWork } from './unit-of-work';

/**
 * The gate patches TypeORM's single better-sqlite3 query runner (typeorm is pinned for that reason): these tests
 * drive it directly on a real SQLite file, with nothing mocked, so a TypeORM upgrade that changes the runner fails
 * here first.
 */
describe('SqliteTransactionGate on a real SQLite database', () => {
  let dir: string;
  let ds: DataSource;
  let uow: UnitOfWork;
  const rows = async () => (await ds.query<Array<{ v: string }>>('SELECT "v" FROM "t" ORDER BY "id"')).map((r) => r.v);
  /** Resolves on the next macrotask: lets everything else that is ready run first. */
  const tick = () => new Promise<void>((r) => setImmediate(r));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gate-'));
    ds = new DataSource({ type: 'better-sqlite3', database: join(dir, 'gate.sqlite') });
    await ds.initialize();
    SqliteTransactionGate.install(ds);
    uow = new UnitOfWork(ds);
    await ds.query('CREATE TABLE "t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "v" TEXT NOT NULL)');
  });
  afterEach(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a write that arrives while a transaction is open waits for it, and survives its rollback', async () => {
    let insideOpen!: () => void;
    const opened = new Promise<void>((r) => (insideOpen = r));
    let finish!: () => void;
    const mayFinish = new Promise<void>((r) => (finish = r));
    const failing = uow.run(async (m) => {
      await m.query(`INSERT INTO "t" ("v") VALUES ('in-tx')`);
      insideOpen();
      await mayFinish;
      throw new Error('roll back');
    });
    await opened;
    // An ordinary write of another request while the transaction is open: it must not land inside it.
    const outside = ds.query(`INSERT INTO "t" ("v") VALUES ('outside')`);
    await tick();
    expect(SqliteTransactionGate.of(ds)?.busy).toBe(true);
    finish();
    await expect(failing).rejects.toThrow('roll back');
    await outside;
    expect(await rows()).toEqual(['outside']);
  });

  it('concurrent transactions run one after the other, each all or nothing', async () => {
    const order: string[] = [];
    const tx = (name: string, fail: boolean) =>
      uow.run(async (m) => {
        order.push(`${name}:begin`);
        await m.query(`INSERT INTO "t" ("v") VALUES ('${name}-1')`);
        await tick();
        await m.query(`INSERT INTO "t" ("v") VALUES ('${name}-2')`);
        order.push(`${name}:end`);
        if (fail) throw new Error(`${name} fails`);
      });
    const results = await Promise.allSettled([tx('a', false), tx('b', true), tx('c', false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // Never interleaved: each transaction's begin is followed by its own end.
    expect(order).toEqual(['a:begin', 'a:end', 'b:begin', 'b:end', 'c:begin', 'c:end']);
    expect(await rows()).toEqual(['a-1', 'a-2', 'c-1', 'c-2']);
  });

  it("a plain query made from inside a transaction's own async context passes the gate (no deadlock); all rolls back", async () => {
    await expect(
      uow.run(async (m) => {
        await m.query(`INSERT INTO "t" ("v") VALUES ('outer')`);
        // Code called from within the transaction that uses the DataSource directly is part of it, not a waiter.
        await ds.query(`INSERT INTO "t" ("v") VALUES ('same-context')`);
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await rows()).toEqual([]);
  });

  it('queries already running when a transaction starts finish before its BEGIN', async () => {
    const before = Promise.all(Array.from({ length: 20 }, (_, i) => ds.query(`INSERT INTO "t" ("v") VALUES ('pre-${i}')`)));
    const tx = uow.run(async (m) => {
      const [{ n }] = await m.query<Array<{ n: number }>>('SELECT COUNT(*) AS "n" FROM "t"');
      return n;
    });
    await before;
    // The transaction saw either none or all of the writes that started before it, never a torn state; and they all
    // committed outside it (still there after it).
    expect([0, 20]).toContain(await tx);
    expect(await rows()).toHaveLength(20);
  });
});
