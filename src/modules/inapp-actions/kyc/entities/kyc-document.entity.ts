import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../../../kernel/database';

/**
 * One uploaded file of a submission. The file lives under the broker's KYC storage directory as `storedName`
 * (random, no extension, never derived from user input); the trader's file name is kept only for display.
 */
@Entity('kyc_document')
@Index('IDX_kyc_document_submission', ['brokerName', 'submissionId'])
export class KycDocument {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'varchar', length: 36 }) submissionId: string;
  /** 32 random hex characters: the file name on disk. */
  @Column({ type: 'varchar', length: 64 }) storedName: string;
  /** The name the trader's device gave (sanitised, bounded); display only. */
  @Column({ type: 'varchar', length: 200 }) originalName: string;
  /** The format recognised from the content (pdf, jpeg, png, webp), not the declared one. */
  @Column({ type: 'varchar', length: 10 }) fileType: string;
  @Column({ type: 'integer' }) sizeBytes: number;
  /** SHA-256 of the content (hex): integrity check on download, duplicate spotting by reviewers. */
  @Column({ type: 'varchar', length: 64 }) sha256: string;
  @EpochMsColumn() createdAt: number;
}
