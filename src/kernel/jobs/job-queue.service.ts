import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { dialectOfConnection, numbered, unwrapRows } from '../database/sql-dialect';
import { JobIdempotencyConflictError } from './job-idempotency-conflict.error';
import { FinalJobState, JobState } from './job-state';
import { ClaimRequest, jobFromRow, JobStatements, jobStatementsFor } from './job-statements';
import { JOB_WORKER_OPTIONS, JobWorkerOptions } from './job-worker.options';
import { Job } from './job.entity';
import { Clock } from '../clock';

export interface EnqueueInput<P = unknown> {
  brokerName: string;
  kind: string;
  payload: P;
  /** Unique per (brokerName, kind): the same intent enqueued twice yields one job. */
  idempotencyKey: string;
  maxAttempts?: number;
  /** Epoch ms; default now. */
  runAfter?: number;
}

export interface EnqueueResult {
  job: Job;
  /** false when a job with this idempotency key already existed (and is returned instead). */
  created: boolean;
}

export type JobCompletion =
  { state: 'succeeded'; result: unknown } | { state: 'dead'; result?: unknown; error: string } | { state: 'pending'; runAfter: number; error: string };

export interface JobListFilter {
  /** The brokers the caller may see ('*' = all). */
  brokers: string[] | '*';
  brokerName?: string;
  state?: JobState;
  kind?: string;
  limit: number;
  /** Page backwards: jobs created before this instant. */
  createdBefore?: number;
}

/** One (kind, state) group of JobQueue.backlog(). */
export interface JobBacklogRow {
  kind: string;
  state: Extract<JobState, 'pending' | 'running' | 'dead'>;
  count: number;
  /** Epoch ms of the oldest job in the group. */
  oldestCreatedAt: number;
}

const MAX_ERROR_LENGTH = 1000;

/**
 * The durable job queue (ARCHITECTURE.md §4): enqueue inside the caller's transaction, atomic claims under a lease,
 * completions guarded by the lease holder, and the admin transitions (retry, cancel).
 */
@Injectable()
export class JobQueue {
  private readonly statements: JobStatements;

  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    @Inject(JOB_WORKER_OPTIONS) private readonly options: JobWorkerOptions,
  ) {
    this.statements = jobStatementsFor(dataSource);
  }

  /**
   * Writes the job with the caller's EntityManager (from UnitOfWork.run), so it commits or rolls back with the
   * business row.
   * INSERT … ON CONFLICT DO NOTHING rather than catching a unique violation: on PostgreSQL a failed INSERT would
   * abort the caller's whole transaction.
   */
  async enqueue<P>(manager: EntityManager, input: EnqueueInput<P>): Promise<EnqueueResult> {
    validateEnqueue(input);
    const dialect = dialectOfConnection(manager);
    const now = this.clock.now();
    const id = randomUUID();
    const payload = JSON.stringify(input.payload ?? null);
    await manager.query(
      numbered(
        dialect,
        `INSERT INTO "job" ("id", "brokerName", "kind", "payload", "idempotencyKey", "state", "attempts", "maxAttempts", "runAfter", "lockedBy", "lockedUntil", "lastError", "result", "createdAt", "updatedAt") ` +
          `VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, NULL, NULL, NULL, NULL, ?, ?) ON CONFLICT ("brokerName", "kind", "idempotencyKey") DO NOTHING`,
      ),
      [id, input.brokerName, input.kind, payload, input.idempotencyKey, input.maxAttempts ?? this.options.defaultMaxAttempts, input.runAfter ?? now, now, now],
    );
    const rows: Record<string, unknown>[] = await manager.query(
      numbered(dialect, `SELECT * FROM "job" WHERE "brokerName" = ? AND "kind" = ? AND "idempotencyKey" = ?`),
      [input.brokerName, input.kind, input.idempotencyKey],
    );
    if (rows.length !== 1) throw new Error('enqueued job not found');
    const job = jobFromRow(rows[0]);
    const created = job.id === id;
    if (!created && canonicalJson(job.payload) !== canonicalJson(payload)) {
      throw new JobIdempotencyConflictError(input.brokerName, input.kind, input.idempotencyKey);
    }
    return { job, created };
  }

  claim(request: ClaimRequest): Promise<Job[]> {
    return this.statements.claim(request);
  }

  /** Records an attempt's outcome in one UPDATE, only if `workerId` still holds the job. */
  async complete(job: Job, workerId: string, completion: JobCompletion): Promise<boolean> {
    const now = this.clock.now();
    const result = completion.state === 'pending' || completion.result === undefined ? null : JSON.stringify(completion.result);
    const error = completion.state === 'succeeded' ? null : truncate(completion.error);
    const runAfter = completion.state === 'pending' ? completion.runAfter : job.runAfter;
    const changed = await this.statements.update(
      `UPDATE "job" SET "state" = ?, "result" = ?, "lastError" = COALESCE(?, "lastError"), "runAfter" = ?, "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = ? ` +
        `WHERE "id" = ? AND "lockedBy" = ? AND "state" = 'running'`,
      [completion.state, result, error, runAfter, now, job.id, workerId],
    );
    return changed === 1;
  }

  /** Extends the lease if `workerId` still holds the job. */
  async renewLease(jobId: string, workerId: string, lockedUntil: number): Promise<boolean> {
    const changed = await this.statements.update(
      `UPDATE "job" SET "lockedUntil" = ?, "updatedAt" = ? WHERE "id" = ? AND "lockedBy" = ? AND "state" = 'running'`,
      [lockedUntil, this.clock.now(), jobId, workerId],
    );
    return changed === 1;
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Job | null> {
    return manager.getRepository(Job).findOneBy({ id });
  }

  async list(filter: JobListFilter): Promise<Job[]> {
    const qb = this.dataSource.getRepository(Job).createQueryBuilder('j').orderBy('j.createdAt', 'DESC').addOrderBy('j.id', 'DESC').take(filter.limit);
    if (filter.brokers !== '*') qb.andWhere('j.brokerName IN (:...brokers)', { brokers: filter.brokers.length ? filter.brokers : ['\u0000'] });
    if (filter.brokerName) qb.andWhere('j.brokerName = :brokerName', { brokerName: filter.brokerName });
    if (filter.state) qb.andWhere('j.state = :state', { state: filter.state });
    if (filter.kind) qb.andWhere('j.kind = :kind', { kind: filter.kind });
    if (filter.createdBefore !== undefined) qb.andWhere('j.createdAt < :before', { before: filter.createdBefore });
    return qb.getMany();
  }

  /**
   * Admin: a dead or cancelled job back to pending, with a fresh attempt budget. `attempts` is kept on purpose: a
   * handler must still know that earlier attempts ran (and may have had their effect).
   */
  async retry(id: string, manager: EntityManager): Promise<Job | null> {
    const now = this.clock.now();
    return this.transition(
      manager,
      `UPDATE "job" SET "state" = 'pending', "runAfter" = ?, "maxAttempts" = "attempts" + ?, "result" = NULL, "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = ? ` +
        `WHERE "id" = ? AND "state" IN ('dead', 'cancelled')`,
      [now, this.options.defaultMaxAttempts, now, id],
    );
  }

  /** Admin: a pending job is not run. A running job cannot be cancelled: its call may already be at cTrader. */
  async cancel(id: string, manager: EntityManager): Promise<Job | null> {
    const now = this.clock.now();
    return this.transition(manager, `UPDATE "job" SET "state" = 'cancelled', "updatedAt" = ? WHERE "id" = ? AND "state" = 'pending'`, [now, id]);
  }

  /**
   * The open and dead jobs per kind and state, with the oldest createdAt of each (the job queue gauges, read at
   * scrape time). One grouped statement; `state IN (…)` uses IDX_job_claim_pending, so succeeded jobs cost nothing.
   */
  async backlog(): Promise<JobBacklogRow[]> {
    const rows: Array<{ kind: string; state: JobBacklogRow['state']; count: unknown; oldest: unknown }> = await this.dataSource.query(
      `SELECT "kind", "state", COUNT(*) AS "count", MIN("createdAt") AS "oldest" FROM "job" WHERE "state" IN ('pending', 'running', 'dead') GROUP BY "kind", "state"`,
    );
    return rows.map((r) => ({ kind: r.kind, state: r.state, count: Number(r.count), oldestCreatedAt: Number(r.oldest) }));
  }

  /** The earliest instant any open job of these kinds becomes claimable, or null when none is open. */
  async nextDueAt(kinds: string[]): Promise<number | null> {
    if (kinds.length === 0) return null;
    const dialect = dialectOfConnection(this.dataSource);
    const list = kinds.map(() => '?').join(', ');
    const rows: Array<{ pendingAt: unknown; leaseAt: unknown }> = await this.dataSource.query(
      numbered(
        dialect,
        `SELECT (SELECT MIN("runAfter") FROM "job" WHERE "state" = 'pending' AND "kind" IN (${list})) AS "pendingAt", ` +
          `(SELECT MIN("lockedUntil") FROM "job" WHERE "state" = 'running' AND "kind" IN (${list})) AS "leaseAt"`,
      ),
      [...kinds, ...kinds],
    );
    const values = [rows[0]?.pendingAt, rows[0]?.leaseAt].filter((v) => v !== null && v !== undefined).map(Number);
    return values.length ? Math.min(...values) : null;
  }

  private async transition(manager: EntityManager, sql: string, params: unknown[]): Promise<Job | null> {
    const rows = unwrapRows(await manager.query(numbered(dialectOfConnection(manager), `${sql} RETURNING *`), params));
    return rows.length ? jobFromRow(rows[0]) : null;
  }
}

export function isFinalState(state: JobState): state is FinalJobState {
  return state === 'succeeded' || state === 'dead' || state === 'cancelled';
}

function validateEnqueue(input: EnqueueInput): void {
  const bad = (what: string) => {
    throw new TypeError(`enqueue: ${what}`);
  };
  if (typeof input.brokerName !== 'string' || input.brokerName.length === 0 || input.brokerName.length > 64) bad('brokerName must be 1-64 characters');
  if (typeof input.kind !== 'string' || input.kind.length === 0 || input.kind.length > 64) bad('kind must be 1-64 characters');
  if (typeof input.idempotencyKey !== 'string' || input.idempotencyKey.length === 0 || input.idempotencyKey.length > 200)
    bad('idempotencyKey must be 1-200 characters');
  if (input.maxAttempts !== undefined && (!Number.isSafeInteger(input.maxAttempts) || input.maxAttempts < 1)) bad('maxAttempts must be an integer >= 1');
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

/** Key order must not make two equal payloads differ. */
function canonicalJson(text: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify(sort(JSON.parse(text)));
}
