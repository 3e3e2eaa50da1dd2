import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../database/epoch-ms.column';

/** Where a Full-SSO signup stands; each cTrader step's result is stored as it arrives (flows §2.3, the saga). */
export type SignupStep = 'local' | 'ctid_created' | 'agreement_accepted' | 'complete';

/**
 * One of the broker's traders. `ctidUserId` is cTrader's `userId` — the id every 4.x call speaks in; the local
 * `id` never leaves the server. Light-identity users have a ctidUserId and no password.
 */
@Entity('trader_user')
@Index(['brokerName', 'email'], { unique: true })
@Index(['brokerName', 'ctidUserId'], { unique: true })
export class TraderUser {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Lower-cased. */
  @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) passwordHash: string | null;
  @Column({ type: 'varchar', length: 100, default: '' }) firstName: string;
  @Column({ type: 'varchar', length: 100, default: '' }) lastName: string;
  @Column({ type: 'varchar', length: 2, nullable: true }) country: string | null;
  @Column({ type: 'varchar', length: 5, default: 'en' }) preferredLanguage: string;
  @BigIntColumn({ nullable: true }) ctidUserId: number | null;
  /**
   * When the trader proved owning `email` (the signup code, a used reset link): only then may an existing cTID
   * for that address be adopted (flows §2.3 "Email ownership").
   */
  @EpochMsColumn({ nullable: true }) emailVerifiedAt: number | null;
  /**
   * Set just before this user's own 3.2 call and cleared once its outcome is known: a retry may repair a lost
   * answer with 3.11 only while it is set (the cTID 3.11 then finds was made by that call).
   */
  @EpochMsColumn({ nullable: true }) ctidRequestedAt: number | null;
  @Column({ type: 'varchar', length: 24, default: 'local' }) signupStep: SignupStep;
  @Column({ type: 'varchar', length: 16, default: 'fullSso' }) origin: 'fullSso' | 'lightIdentity';
  /** Locked by an admin: every login and token check fails until unlocked. */
  @EpochMsColumn({ nullable: true }) lockedAt: number | null;
  /** Wrong passwords in a row since the last successful login or lockout (PasswordLogin). */
  @Column({ type: 'integer', default: 0 }) failedLoginCount: number;
  /** Temporary lockout after too many wrong passwords (config loginProtection); logins fail until then. */
  @EpochMsColumn({ nullable: true }) loginLockedUntil: number | null;
  @Column({ type: 'text', default: '{}' }) attribution: string;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn() updatedAt: number;
}
