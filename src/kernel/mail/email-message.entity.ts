import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';

/**
 * queued → (job) → `stored` (outbox transport: kept for the admin API, nothing sent) or `sent` (SMTP accepted
 * it) or `failed` (the relay refused it for good).
 */
export type EmailState = 'queued' | 'stored' | 'sent' | 'failed';
export const EMAIL_STATES: readonly EmailState[] = ['queued', 'stored', 'sent', 'failed'];

/**
 * Every email, written before it is delivered (by the `mail.send` job). The bodies are the real message until it
 * is delivered or dead: erased after an SMTP delivery or a final failure, because they may carry single-use links
 * or codes. With the outbox transport (demo only, refused in production) they stay, the outbox being the mailbox.
 * `GET /admin/brokers/{brokerName}/email-outbox` shows the redacted copies, never the real bodies.
 */
@Entity('email_outbox')
@Index('IDX_email_outbox_broker_created', ['brokerName', 'createdAt'])
@Index('IDX_email_outbox_broker_to', ['brokerName', 'toAddress'])
@Index('IDX_email_outbox_state', ['state', 'brokerName'])
export class EmailMessage {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'varchar', length: 254 }) toAddress: string;
  @Column({ type: 'varchar', length: 254 }) fromAddress: string;
  @Column({ type: 'varchar', length: 300 }) subject: string;
  @Column({ type: 'text' }) textBody: string;
  @Column({ type: 'text' }) htmlBody: string;
  /**
   * The bodies as the admin API shows them: rendered with the template's secret params (single-use links, codes)
   * replaced by `[redacted]`. Kept after delivery (no secret in them); null for rows written before they existed.
   */
  @Column({ type: 'text', nullable: true }) redactedTextBody: string | null;
  @Column({ type: 'text', nullable: true }) redactedHtmlBody: string | null;
  /** Which template produced it (`sso.welcome`, `sso.passwordReset`, …). */
  @Column({ type: 'varchar', length: 64 }) template: string;
  @Column({ type: 'varchar', length: 5 }) language: string;
  @Column({ type: 'varchar', length: 8 }) transport: 'outbox' | 'smtp';
  @Column({ type: 'varchar', length: 8 }) state: EmailState;
  /** The relay's Message-ID once sent. */
  @Column({ type: 'varchar', length: 300, nullable: true }) messageId: string | null;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn({ nullable: true }) deliveredAt: number | null;
}
