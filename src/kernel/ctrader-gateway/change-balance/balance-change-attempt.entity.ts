import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../../database/epoch-ms.column';

/**
 * Where one movement (one `externalId`) stands at cTrader, as far as we can know:
 * - `idle`: no 3.5 is in flight, and none sent so far took effect (never sent; or CT answered in a way that proves
 *   nothing happened: refused before acting, connection never made, not sent for the lease deadline; or staff
 *   resolved an unknown outcome as "not credited").
 * - `sending`: a 3.5 was (or was about to be) sent and its outcome is not known. Written BEFORE the request leaves, so
 *   a worker that dies mid-call leaves `sending` behind. From here nothing is sent blind again: only a configured
 *   reconciliation source or a person decides.
 * - `applied`: CT answered with success, or the reconciliation source or staff confirmed the credit.
 * - `rejected`: CT refused for a business reason (NOT_ENOUGH_MONEY, …). Nothing happened; a later retry may send.
 */
export const BALANCE_CHANGE_ATTEMPT_STATES = ['idle', 'sending', 'applied', 'rejected'] as const;
export type BalanceChangeAttemptState = (typeof BALANCE_CHANGE_ATTEMPT_STATES)[number];

/** How the outcome of an `applied` attempt became known (shown to staff). */
export type BalanceChangeConfirmation = 'answer' | 'source' | 'staff';

@Entity('balance_change_attempt')
export class BalanceChangeAttempt {
  @PrimaryColumn({ type: 'varchar', length: 64 }) brokerName: string;
  /** The 3.5 `externalId` (also the job's idempotency key). */
  @PrimaryColumn({ type: 'varchar', length: 200 }) externalId: string;
  @Column({ type: 'varchar', length: 36 }) jobId: string;
  @BigIntColumn() login: number;
  @Column({ type: 'varchar', length: 16 }) state: BalanceChangeAttemptState;
  /** How many 3.5 requests were sent (or were about to be) for this movement. */
  @Column({ type: 'integer', default: 0 }) sends: number;
  @EpochMsColumn({ nullable: true }) lastSentAt: number | null;
  /** CT's code or ours (TIMEOUT, NETWORK_ERROR, HTTP_503…) of the last failed send; never a URL or token. */
  @Column({ type: 'varchar', length: 64, nullable: true }) lastErrorCode: string | null;
  @Column({ type: 'integer', nullable: true }) lastErrorStatus: number | null;
  @BigIntColumn({ nullable: true }) balanceHistoryId: number | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) confirmedBy: BalanceChangeConfirmation | null;
  /** Staff who resolved an unknown outcome (`admin:<keyId>`), and when. */
  @Column({ type: 'varchar', length: 128, nullable: true }) resolvedBy: string | null;
  @EpochMsColumn({ nullable: true }) resolvedAt: number | null;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn() updatedAt: number;
}
