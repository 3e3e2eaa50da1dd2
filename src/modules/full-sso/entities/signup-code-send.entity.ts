import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EpochMsColumn } from '../../../kernel/database';

/**
 * One code email sent at signup (first send or resend; or, for an address that has a profile, the notice sent
 * instead). The per-address and per-IP hourly limits count these rows, in the database, so they hold across
 * instances.
 */
@Entity('signup_code_send')
@Index('IDX_signup_code_send_email', ['brokerName', 'email', 'sentAt'])
@Index('IDX_signup_code_send_ip', ['brokerName', 'ip', 'sentAt'])
export class SignupCodeSend {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'varchar', length: 64 }) ip: string;
  @EpochMsColumn() sentAt: number;
}
