import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../../../kernel/database';

export type AttributionState = 'attributed' | 'pending';
export type AttributionSource = 'signup' | 'invite' | 'admin';

/**
 * Which partner a trader belongs to — one current row per trader. `pending` rows come from a cTrader Invite naming
 * a user we do not know yet (by cTrader userId); they complete when that user appears. The full story (first
 * touch, reattributions, completions, webhook answers) is in PartnerAttributionEvent.
 */
@Entity('partner_attribution')
@Index(['brokerName', 'traderUserId'], { unique: true })
@Index(['brokerName', 'ctidUserId'], { unique: true })
@Index(['brokerName', 'partnerRef'])
export class PartnerAttribution {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Local TraderUser.id; null while pending. */
  @Column({ type: 'integer', nullable: true }) traderUserId: number | null;
  /** cTrader's userId of the trader, when known. */
  @BigIntColumn({ nullable: true }) ctidUserId: number | null;
  /** Partner.id. */
  @Column({ type: 'integer' }) partnerRef: number;
  @Column({ type: 'varchar', length: 10 }) state: AttributionState;
  @Column({ type: 'varchar', length: 10 }) source: AttributionSource;
  /** utm_source, utm_medium, utm_campaign, utm_term, gclid as they arrived with the signup (JSON). */
  @Column({ type: 'text', default: '{}' }) marketing: string;
  /** When the trader was first attributed to anyone: the reattribution window counts from here. */
  @EpochMsColumn() firstAttributedAt: number;
  @EpochMsColumn() attributedAt: number;
  @EpochMsColumn() updatedAt: number;
}
