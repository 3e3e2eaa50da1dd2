import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/epoch-ms.column';

/**
 * One back-office login. Only the SHA-256 of the cookie's random id is stored. `stage` says how far the person is:
 * `totp` (password accepted, 2FA code due), `enrol` (must enrol 2FA first) or `full` (may work).
 */
export type StaffSessionStage = 'totp' | 'enrol' | 'full';

@Entity('staff_session')
@Index('IDX_staff_session_member', ['staffId'])
export class StaffSession {
  @PrimaryColumn({ type: 'varchar', length: 64 }) idHash: string;
  @Column({ type: 'varchar', length: 36 }) staffId: string;
  @Column({ type: 'varchar', length: 8 }) stage: StaffSessionStage;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn() lastSeenAt: number;
  /** createdAt + absolute timeout: no activity extends it. */
  @EpochMsColumn() expiresAt: number;
  @EpochMsColumn({ nullable: true }) revokedAt: number | null;
}
