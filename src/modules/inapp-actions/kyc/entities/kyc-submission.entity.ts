import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../../../../kernel/database';

export type KycSubmissionStatus = 'pending' | 'approved' | 'rejected';
export const KYC_SUBMISSION_STATUSES: readonly KycSubmissionStatus[] = ['pending', 'approved', 'rejected'];

/**
 * One KYC submission of a trader: a document type and its files, then an admin's decision. A trader's KYC
 * status is the status of their latest submission ('none' without any).
 */
@Entity('kyc_submission')
@Index('IDX_kyc_submission_user', ['brokerName', 'userId', 'createdAt'])
@Index('IDX_kyc_submission_status', ['brokerName', 'status', 'createdAt'])
export class KycSubmission {
  /** Random UUID: ids in admin URLs reveal nothing about volume or order. */
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** The local user's id (TraderUser.id; no foreign key: that table is the kernel's). */
  @Column({ type: 'integer' }) userId: number;
  /** The trading account the screen was opened for, if any. */
  @BigIntColumn({ nullable: true }) accountLogin: number | null;
  @Column({ type: 'varchar', length: 40 }) documentType: string;
  @Column({ type: 'varchar', length: 10 }) status: KycSubmissionStatus;
  /** The reviewer's reason (required for a rejection; shown to the trader). */
  @Column({ type: 'varchar', length: 500, nullable: true }) reviewReason: string | null;
  /** `admin:<keyId>` of the reviewer. */
  @Column({ type: 'varchar', length: 128, nullable: true }) reviewedBy: string | null;
  @EpochMsColumn({ nullable: true }) reviewedAt: number | null;
  @EpochMsColumn() createdAt: number;
}
