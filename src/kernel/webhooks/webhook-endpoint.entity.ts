import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';

/** One signing secret of an endpoint, encrypted at rest (secret-box.ts); `expiresAt` set once a rotation replaced it. */
export interface StoredSigningSecret {
  /** `v1:<iv>:<tag>:<ciphertext>`, base64url parts. */
  sealed: string;
  createdAt: number;
  expiresAt: number | null;
}

/**
 * A broker's receiver of outbound webhooks: an https URL, the event types it wants, its signing secrets (the current
 * one, plus the previous one during a rotation's overlap), and whether it is enabled. `failingSince` is the first
 * failed attempt of the current failure streak (cleared by any success); the auto-disable rule reads it.
 */
@Entity('webhook_endpoint')
@Index('IDX_webhook_endpoint_broker_created', ['brokerName', 'createdAt'])
export class WebhookEndpoint {
  @PrimaryColumn({ type: 'varchar', length: 36, primaryKeyConstraintName: 'PK_webhook_endpoint' }) id: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'varchar', length: 2048 }) url: string;
  /** JSON array of WebhookEventType. */
  @Column({ type: 'text' }) eventTypes: string;
  /** JSON array of StoredSigningSecret, newest last. Never returned by the API, never logged. */
  @Column({ type: 'text' }) secrets: string;
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  /** Why it is disabled: 'admin' or 'auto' (every delivery failed for the configured period); null when enabled. */
  @Column({ type: 'varchar', length: 16, nullable: true }) disabledReason: string | null;
  @EpochMsColumn({ nullable: true }) failingSince: number | null;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn() updatedAt: number;
}
