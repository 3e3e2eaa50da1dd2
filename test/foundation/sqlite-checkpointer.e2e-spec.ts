import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SqliteCheckpointer } from '../../src/database/sqlite-checkpointer';
import { startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';

/**
 * Always on SQLite, also in the PostgreSQL run (PostgreSQL has nothing like it): the WAL is copied into the database file by the
 * background thread, not by the COMMIT that crosses 1,000 pages on the request thread (issue #11).
 * In WAL mode the database file changes only at a checkpoint, so its size tells whether one happened.
 */
const sqliteConfig = () => testConfig({ database: { url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'cbi-ckpt-')), 'app.sqlite')}` } });

describe('SQLite background checkpoints', () => {
  let t: TestApp;
  let ds: DataSource;
  let file: string;
  beforeAll(async () => {
    t = await startTestApp(sqliteConfig());
    ds = t.app.get(DataSource);
    file = ds.options.database as string;
  });
  afterAll(() => t.close());

  it('the request thread no longer checkpoints at 1,000 pages; the checkpoint thread copies the WAL', async () => {
    expect(await ds.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 20000 }]);
    await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
    const before = statSync(file).size;
    // ~2,500 pages of audit rows in one transaction: over the old threshold, under the new safety net.
    await ds.query('CREATE TABLE "checkpoint_probe" ("n" integer, "pad" text)');
    await ds.query(
      `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 10000) INSERT INTO "checkpoint_probe" SELECT n, hex(randomblob(400)) FROM s`,
    );
    expect(statSync(file).size).toBe(before); // still only in the WAL: nobody checkpointed on this thread
    // The thread checkpoints every 250 ms; how soon it gets there depends on the machine, so there is no deadline
    // but the test's own timeout: the test passes when the file grows although this thread never checkpointed.
    while (statSync(file).size <= before + 4_000_000) await new Promise((r) => setTimeout(r, 50));
  });

  it('stops its thread when the app closes', async () => {
    const app = await startTestApp(sqliteConfig());
    const checkpointer = app.app.get(SqliteCheckpointer);
    expect(checkpointer.running).toBe(true);
    await app.close();
    expect(checkpointer.running).toBe(false);
  });
});
