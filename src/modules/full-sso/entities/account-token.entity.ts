import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../../kernel/database';

/** What an emailed link may do: set a new password, confirm a new email address, or confirm the current one. */
export type AccountTokenPurpose = 'passwordReset' | 'emailChange' | 'emailVerify';

/**
 * The secret of an emailed link (reset password, confirm new email). 256 random bits in the link, only their
 * SHA-256 here; single use by one conditional UPDATE, like OT tokens; minutes-long TTL from broker config.
 */
@Entity('account_token')
@Index('IDX_account_token_user', ['brokerName', 'userId', 'purpose', 'createdAt'])
export class AccountToken {
  @PrimaryColumn({ type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Local TraderUser.id. */
  @Column({ type: 'integer' }) userId: number;
  @Column({ type: 'varchar', length: 16 }) purpose: AccountTokenPurpose;
  /** emailChange: the address being confirmed; emailVerify: the address the link was sent to (lower-cased). */
  @Column({ type: 'varchar', length: 254, nullable: true }) newEmail: string | null;
  @EpochMsColumn() expiresAt: number;
  @EpochMsColumn({ nullable: true }) consumedAt: number | null;
  @EpochMsColumn() createdAt: number;
}
