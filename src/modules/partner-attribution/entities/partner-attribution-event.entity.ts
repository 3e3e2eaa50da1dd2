import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../../../kernel/database';

/** What happened: the contract's four webhook results, plus the completion of a pending attribution. */
export type AttributionOutcome = 'ATTRIBUTED_NEW' | 'ATTRIBUTED' | 'REATTRIBUTED' | 'PENDING_ATTRIBUTION' | 'COMPLETED' | 'KEPT';

/**
 * The attribution history (admin API): every attribution, reattribution, refusal to reattribute and completion.
 * For an Invite webhook the row also stores the answer under the delivery's key, so a redelivery gets the very
 * same answer and changes nothing (contract §1.4: idempotent).
 */
@Entity('partner_attribution_event')
@Index(['brokerName', 'deliveryKey'], { unique: true })
@Index(['brokerName', 'partnerRef', 'id'])
@Index(['brokerName', 'traderUserId'])
export class PartnerAttributionEvent {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'varchar', length: 24 }) outcome: AttributionOutcome;
  @Column({ type: 'varchar', length: 10 }) source: 'signup' | 'invite' | 'admin';
  @Column({ type: 'integer', nullable: true }) traderUserId: number | null;
  @BigIntColumn({ nullable: true }) ctidUserId: number | null;
  /** Partner.id the trader is attributed to after this event. */
  @Column({ type: 'integer' }) partnerRef: number;
  @Column({ type: 'integer', nullable: true }) previousPartnerRef: number | null;
  /** SHA-256 of the webhook delivery's fields; null for other sources. */
  @Column({ type: 'varchar', length: 64, nullable: true }) deliveryKey: string | null;
  /** The webhook answer given for this delivery (JSON), replayed on redelivery. */
  @Column({ type: 'text', nullable: true }) response: string | null;
  @EpochMsColumn() createdAt: number;
}
