import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../../kernel/database';

/**
 * A signup waiting for its email code (flows §2.3 "Email ownership"). Nothing exists for the trader yet — no
 * local user, no cTID — only what the form said. The screen holds a random handle (its SHA-256 is the key here);
 * the code is stored only as a hash bound to that handle. For an address that already has a profile the row
 * exists too (`addressTaken`), so the screen answers the same; its code was never sent and never matches.
 */
@Entity('signup_verification')
@Index('IDX_signup_verification_email', ['brokerName', 'email', 'createdAt'])
export class SignupVerification {
  @PrimaryColumn({ type: 'varchar', length: 64 }) handleHash: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Lower-cased. */
  @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'varchar', length: 64 }) codeHash: string;
  @EpochMsColumn() codeExpiresAt: number;
  /** Tries spent on the current code (wrong or right); a new code starts again at 0. */
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'boolean', default: false }) addressTaken: boolean;
  /** The form's answers (PendingSignup as JSON: password only as its scrypt hash). */
  @Column({ type: 'text' }) signup: string;
  /** Resends are accepted until then. */
  @EpochMsColumn() expiresAt: number;
  @EpochMsColumn({ nullable: true }) consumedAt: number | null;
  @EpochMsColumn() createdAt: number;
}
