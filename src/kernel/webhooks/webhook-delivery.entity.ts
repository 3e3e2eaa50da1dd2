import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';

export type WebhookDeliveryState = 'pending' | 'succeeded' | 'failed' | 'skipped';

/**
 * One message to one endpoint. `messageId` is the `webhook-id` header: the same on every attempt and every manual
 * redelivery, so a receiver deduplicates by it. `body` is stored as sent, so every attempt signs the same bytes.
 */
@Entity('webhook_delivery')
@Index('IDX_webhook_delivery_endpoint_message', ['endpointId', 'messageId'], { unique: true })
@Index('IDX_webhook_delivery_endpoint_created', ['endpointId', 'createdAt'])
export class WebhookDelivery {
  @PrimaryColumn({ type: 'varchar', length: 36, primaryKeyConstraintName: 'PK_webhook_delivery' }) id: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'varchar', length: 36 }) endpointId: string;
  @Column({ type: 'varchar', length: 64 }) messageId: string;
  @Column({ type: 'varchar', length: 32 }) eventType: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'varchar', length: 16 }) state: WebhookDeliveryState;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  /** The job currently carrying it (a manual redelivery enqueues a new one). */
  @Column({ type: 'varchar', length: 36, nullable: true }) jobId: string | null;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn() updatedAt: number;
}

/** The delivery log: one row per attempt, with what the receiver answered (or why nothing was sent). */
@Entity('webhook_attempt')
@Index('IDX_webhook_attempt_delivery', ['deliveryId', 'attemptedAt'])
@Index('IDX_webhook_attempt_endpoint', ['endpointId', 'attemptedAt'])
export class WebhookAttempt {
  @PrimaryColumn({ type: 'varchar', length: 36, primaryKeyConstraintName: 'PK_webhook_attempt' }) id: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'varchar', length: 36 }) endpointId: string;
  @Column({ type: 'varchar', length: 36 }) deliveryId: string;
  @EpochMsColumn() attemptedAt: number;
  /** The HTTP status, or null when no answer came (refused by the SSRF guard, connection error, timeout). */
  @Column({ type: 'integer', nullable: true }) status: number | null;
  @Column({ type: 'integer' }) durationMs: number;
  /** The first bytes of the answer (config webhooks.responseSnippetBytes), as text. */
  @Column({ type: 'text', default: '' }) responseSnippet: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) error: string | null;
}
