import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';

/** How often the checkpoint thread copies the WAL back into the database file. */
const CHECKPOINT_EVERY_MS = 250;
/** The request thread's own automatic checkpoint, left as a safety net should the thread fall behind (~80 MB). */
const SAFETY_NET_PAGES = 20_000;

// Plain CommonJS run in a worker thread with its own connection to the same file (eval: the same code under
// ts-jest and from dist). PASSIVE never blocks the writer; errors are reported, never thrown.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage(String(e && e.message)); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * SQLite in WAL mode checkpoints (copies the WAL into the database file and fsyncs) inside whichever COMMIT
 * crosses 1,000 pages — on the request thread, since better-sqlite3 is synchronous. Under 4.2's write load that
 * was more than half of each COMMIT's time (issue #11). A worker thread with its own connection now checkpoints
 * every 250 ms, off the event loop, as better-sqlite3's performance notes suggest for write-heavy use.
 * Durability is unchanged: a COMMIT is in the WAL either way (synchronous = NORMAL, WAL mode).
 */
@Injectable()
export class SqliteCheckpointer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Database');
  private worker?: Worker;
  private exited = false;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onApplicationBootstrap(): void {
    const file = this.ds.options.type === 'better-sqlite3' ? this.ds.options.database : undefined;
    if (!file || file === ':memory:') return;
    this.worker = new Worker(WORKER, { eval: true, workerData: { file, driver: require.resolve('better-sqlite3'), everyMs: CHECKPOINT_EVERY_MS } });
    this.worker.unref();
    this.worker.on('exit', () => (this.exited = true));
    this.worker.on('message', (m) => this.logger.warn(`background checkpoint failed: ${String(m)}`));
    this.worker.on('error', (e) => this.logger.error(`checkpoint thread stopped: ${e.message}`));
    void this.ds.query(`PRAGMA wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  }

  /** The checkpoint thread is alive (SQLite file databases, between bootstrap and shutdown). */
  get running(): boolean {
    return this.worker !== undefined && !this.exited;
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    if (!worker || this.exited) return;
    const exited = once(worker, 'exit');
    worker.postMessage('stop');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
    await worker.terminate();
  }
}
