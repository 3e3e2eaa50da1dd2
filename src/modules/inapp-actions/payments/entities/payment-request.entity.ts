import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../../../../kernel/database';
import type { PaymentProviderKey } from '../../../../config/payments-config';
import type { PaymentKind, PaymentRejectionReason, PaymentState } from '../domain/payment-state';

/**
 * A trader's deposit or withdrawal request (issue #6). Money is integer minor units of `currency` with the
 * account's `moneyDigits` (contract §1.1: never floats). The 3.5 balance change is a durable job written in the
 * same transaction as the move to `approved`; its `externalId` is `pay-<id>`.
 */
@Entity('payment_request')
@Index('UQ_payment_request_form', ['brokerName', 'userId', 'formKey'], { unique: true })
@Index('IDX_payment_request_list', ['brokerName', 'state', 'createdAt'])
@Index('IDX_payment_request_login', ['brokerName', 'login', 'state'])
@Index('IDX_payment_request_job', ['jobId'])
export class PaymentRequest {
  /** UUID; also the reference the trader quotes and the provider echoes. */
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Local TraderUser.id. */
  @Column({ type: 'integer' }) userId: number;
  /** The cTrader trading account (3.3 `login`). */
  @BigIntColumn() login: number;
  @Column({ type: 'varchar', length: 16 }) kind: PaymentKind;
  @Column({ type: 'varchar', length: 16 }) provider: PaymentProviderKey;
  @Column({ type: 'varchar', length: 16 }) state: PaymentState;
  @BigIntColumn() amountMinor: number;
  @Column({ type: 'varchar', length: 3 }) currency: string;
  @Column({ type: 'integer' }) moneyDigits: number;
  /** One per rendered form (hidden field): a double submit of the same form finds this row instead of a second one. */
  @Column({ type: 'varchar', length: 64 }) formKey: string;
  /** Withdrawals: where the trader wants the money sent (bank details as typed). */
  @Column({ type: 'varchar', length: 200, nullable: true }) destination: string | null;
  /** 3.5 externalId (unique per movement; what exactly-once reconciliation looks for at cTrader). */
  @Column({ type: 'varchar', length: 64 }) externalId: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) jobId: string | null;
  @BigIntColumn({ nullable: true }) balanceHistoryId: number | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) reason: PaymentRejectionReason | null;
  /** Admin's note on approve/reject (no secrets). */
  @Column({ type: 'varchar', length: 500, nullable: true }) note: string | null;
  /** Hosted provider: the event id of the callback that decided this request (a replay carries the same id). */
  @Column({ type: 'varchar', length: 128, nullable: true }) providerEventId: string | null;
  /** Four-eyes (issue #19): the staff id of the person who gave the first of two approvals, the actor, and when. */
  @Column({ type: 'varchar', length: 36, nullable: true }) firstApproverId: string | null;
  @Column({ type: 'varchar', length: 128, nullable: true }) firstApprovalActor: string | null;
  @EpochMsColumn({ nullable: true }) firstApprovedAt: number | null;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn() updatedAt: number;
}
