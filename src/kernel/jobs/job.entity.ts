import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';
import type { JobState } from './job-state';

/**
 * The durable job queue (outbox, ARCHITECTURE.md §4): the intent to call cTrader, written in the same transaction
 * as the business row, then claimed by exactly one worker at a time under a lease.
 * `payload`/`result` are JSON text and hold no secrets (admins can read them).
 */
/**
 * The brokerName of the deployment's own jobs (housekeeping): not a broker (brokers are URL-safe names, this is not),
 * so no broker's path reaches them; the admin API shows them at /admin/jobs.
 */
export const SYSTEM_JOB_BROKER = '*system';

@Entity('job')
@Index('UQ_job_idempotency', ['brokerName', 'kind', 'idempotencyKey'], { unique: true })
@Index('IDX_job_claim_pending', ['state', 'runAfter'])
@Index('IDX_job_claim_lease', ['state', 'lockedUntil'])
export class Job {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'varchar', length: 64 }) kind: string;
  @Column({ type: 'text' }) payload: string;
  @Column({ type: 'varchar', length: 200 }) idempotencyKey: string;
  @Column({ type: 'varchar', length: 16 }) state: JobState;
  /** Claims so far (a claim after a lease expiry counts too: the attempt before may have had an effect). */
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'integer' }) maxAttempts: number;
  @EpochMsColumn() runAfter: number;
  @Column({ type: 'varchar', length: 128, nullable: true }) lockedBy: string | null;
  @EpochMsColumn({ nullable: true }) lockedUntil: number | null;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  @Column({ type: 'text', nullable: true }) result: string | null;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn() updatedAt: number;
}
