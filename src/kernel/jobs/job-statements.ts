import { DataSource } from 'typeorm';
import { sleep } from '../../lib/backoff/jittered-backoff';
import { isPostgres, numbered, toNumber } from '../database/sql-dialect';
import { Job } from './job.entity';

/**
 * Every SQL statement of the job queue that differs between PostgreSQL and SQLite lives in this file
 * (ARCHITECTURE.md §3: dialect differences kept in one place). Statements are written with `?` placeholders and
 * quoted camelCase identifiers, valid on both dialects once the placeholders are numbered for PostgreSQL.
 */

export interface ClaimRequest {
  workerId: string;
  now: number;
  leaseUntil: number;
  limit: number;
  /** Only kinds this worker can handle: an instance of an older release never claims (and kills) a newer kind. */
  kinds: string[];
  /** Only these jobs (DurableEvents runs the reactions an emitter just committed, right after the commit). */
  ids?: string[];
}

export interface JobStatements {
  /** Claims due jobs (pending and due, or running with an expired lease) in ONE atomic statement. */
  claim(request: ClaimRequest): Promise<Job[]>;
  /** Runs a guarded UPDATE outside any caller's transaction and returns the number of rows it changed. */
  update(sql: string, params: unknown[]): Promise<number>;
}

const CLAIM_WHERE = `(("state" = 'pending' AND "runAfter" <= ?) OR ("state" = 'running' AND "lockedUntil" < ?)) AND "kind" IN (%KINDS%)`;
const CLAIM_SET = `"state" = 'running', "lockedBy" = ?, "lockedUntil" = ?, "attempts" = "attempts" + 1, "updatedAt" = ?`;

export function jobStatementsFor(dataSource: DataSource): JobStatements {
  return isPostgres(dataSource) ? new PostgresJobStatements(dataSource) : new SqliteJobStatements(dataSource);
}

/** Raw rows → entity: PostgreSQL returns BIGINT as text, SQLite as numbers. */
export function jobFromRow(row: Record<string, unknown>): Job {
  const num = toNumber;
  const job = new Job();
  job.id = String(row.id);
  job.brokerName = String(row.brokerName);
  job.kind = String(row.kind);
  job.payload = String(row.payload);
  job.idempotencyKey = String(row.idempotencyKey);
  job.state = row.state as Job['state'];
  job.attempts = Number(row.attempts);
  job.maxAttempts = Number(row.maxAttempts);
  job.runAfter = Number(row.runAfter);
  job.lockedBy = (row.lockedBy as string | null) ?? null;
  job.lockedUntil = num(row.lockedUntil);
  job.lastError = (row.lastError as string | null) ?? null;
  job.result = (row.result as string | null) ?? null;
  job.createdAt = Number(row.createdAt);
  job.updatedAt = Number(row.updatedAt);
  return job;
}

function claimParams(r: ClaimRequest): { where: string; params: unknown[] } {
  const kinds = CLAIM_WHERE.replace('%KINDS%', r.kinds.map(() => '?').join(', '));
  if (!r.ids?.length) return { where: kinds, params: [r.now, r.now, ...r.kinds] };
  return { where: `${kinds} AND "id" IN (${r.ids.map(() => '?').join(', ')})`, params: [r.now, r.now, ...r.kinds, ...r.ids] };
}

/**
 * PostgreSQL, several server instances: the sub-select locks the chosen rows and SKIP LOCKED makes a concurrent
 * claimer take other rows instead of waiting for (and then double-claiming) these. The sub-select's WHERE is
 * re-evaluated on the latest row version under READ COMMITTED, so a row another worker just claimed or renewed
 * is not taken.
 */
class PostgresJobStatements implements JobStatements {
  constructor(private readonly ds: DataSource) {}

  async claim(r: ClaimRequest): Promise<Job[]> {
    if (r.kinds.length === 0 || r.limit <= 0) return [];
    const { where, params } = claimParams(r);
    const sql = numbered(
      'postgres',
      `UPDATE "job" SET ${CLAIM_SET} WHERE "id" IN (SELECT "id" FROM "job" WHERE ${where} ORDER BY "runAfter" LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING *`,
    );
    const result = await this.run(sql, [r.workerId, r.leaseUntil, r.now, ...params, r.limit]);
    return (result.records ?? []).map((row) => jobFromRow(row as Record<string, unknown>));
  }

  async update(sql: string, params: unknown[]): Promise<number> {
    return (await this.run(numbered('postgres', sql), params)).affected ?? 0;
  }

  private async run(sql: string, params: unknown[]) {
    const runner = this.ds.createQueryRunner();
    try {
      return await runner.query(sql, params, true);
    } finally {
      await runner.release();
    }
  }
}

interface SqliteHandle {
  inTransaction: boolean;
  prepare(sql: string): { all(...params: unknown[]): unknown[]; run(...params: unknown[]): { changes: number } };
}

/**
 * SQLite (embedded, one server instance): a single writer makes the same UPDATE … RETURNING atomic without row
 * locks. TypeORM shares ONE connection for every async flow of the process, so a statement issued while some
 * business transaction is open would join — and roll back with — that transaction (a claim undone after its
 * handler already called cTrader: the next claim would run it again as a first attempt). The SqliteTransactionGate
 * holds back queries during gated transactions; these statements go further and run synchronously on the raw
 * handle, only when no transaction at all is open on it (also one opened without the gate).
 */
class SqliteJobStatements implements JobStatements {
  constructor(private readonly ds: DataSource) {}

  async claim(r: ClaimRequest): Promise<Job[]> {
    if (r.kinds.length === 0 || r.limit <= 0) return [];
    const { where, params } = claimParams(r);
    const sql = `UPDATE "job" SET ${CLAIM_SET} WHERE "id" IN (SELECT "id" FROM "job" WHERE ${where} ORDER BY "runAfter" LIMIT ?) RETURNING *`;
    const rows = await this.outsideTransactions((db) => db.prepare(sql).all(r.workerId, r.leaseUntil, r.now, ...params, r.limit));
    return rows.map((row) => jobFromRow(row as Record<string, unknown>));
  }

  async update(sql: string, params: unknown[]): Promise<number> {
    return this.outsideTransactions((db) => db.prepare(sql).run(...params).changes);
  }

  private async outsideTransactions<T>(statement: (db: SqliteHandle) => T): Promise<T> {
    const db = (this.ds.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;
    // Checking and running happen in the same synchronous slice, so no transaction can open in between.
    while (db.inTransaction) await sleep(2);
    return statement(db);
  }
}
