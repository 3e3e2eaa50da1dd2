import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/epoch-ms.column';

/** A single-use, expiring invitation to set a password; only the token's SHA-256 is stored. */
@Entity('staff_invite')
@Index('IDX_staff_invite_member', ['staffId'])
export class StaffInvite {
  @PrimaryColumn({ type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: 'varchar', length: 36 }) staffId: string;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn() expiresAt: number;
  @EpochMsColumn({ nullable: true }) usedAt: number | null;
}
