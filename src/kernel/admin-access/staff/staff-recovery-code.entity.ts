import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/epoch-ms.column';

/** A 2FA recovery code: SHA-256 only (the codes are 80-bit random, so a fast hash suffices), single use. */
@Entity('staff_recovery_code')
@Index('IDX_staff_recovery_code_member', ['staffId'])
export class StaffRecoveryCode {
  @PrimaryColumn({ type: 'varchar', length: 64 }) codeHash: string;
  @Column({ type: 'varchar', length: 36 }) staffId: string;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn({ nullable: true }) usedAt: number | null;
}
