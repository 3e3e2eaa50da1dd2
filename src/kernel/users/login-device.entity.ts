import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';

/**
 * The failure state of one device cookie (PasswordLogin, OWASP device cookies): only devices that typed a wrong
 * password have a row, and a successful login from the device deletes it. `id` is the SHA-256 of the cookie's
 * nonce, never the cookie itself.
 */
@Entity('login_device')
@Index(['brokerName', 'userId'])
export class LoginDevice {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Local TraderUser.id the cookie names. */
  @Column({ type: 'integer' }) userId: number;
  /** Wrong passwords in a row from this device since its last success or lockout. */
  @Column({ type: 'integer', default: 0 }) failedCount: number;
  /** Distrusted until then: the device counts as untrusted (the account's lockout applies to it). */
  @EpochMsColumn({ nullable: true }) lockedUntil: number | null;
  @EpochMsColumn() updatedAt: number;
}
