import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/epoch-ms.column';

export type StaffStatus = 'invited' | 'active' | 'disabled';

/**
 * A person of the back office (issue #19). `email` is stored lower-cased and unique, so "Alice@x" and "alice@x" are
 * one person (four-eyes counts people, not spellings). The password is a scrypt hash; the TOTP secret is needed to
 * verify codes, so it is kept as is (the database is as sensitive as the TOTP app); recovery codes are hashed.
 */
@Entity('staff_member')
export class StaffMember {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'varchar', length: 128 }) displayName: string;
  @Column({ type: 'varchar', length: 16 }) status: StaffStatus;
  @Column({ type: 'varchar', length: 200, nullable: true }) passwordHash: string | null;
  /** Base32 TOTP secret; set (unconfirmed) when enrolment starts, confirmed by `totpEnrolledAt`. */
  @Column({ type: 'varchar', length: 64, nullable: true }) totpSecret: string | null;
  @EpochMsColumn({ nullable: true }) totpEnrolledAt: number | null;
  /** The last TOTP time step accepted: a code is good once (RFC 6238 §5.2). */
  @EpochMsColumn({ nullable: true }) totpLastStep: number | null;
  /** JSON array of AdminGrant ({broker, role}). */
  @Column({ type: 'text' }) grants: string;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn({ nullable: true }) disabledAt: number | null;
}
