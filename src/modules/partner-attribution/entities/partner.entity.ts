import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../../../kernel/database';

export type PartnerStatus = 'active' | 'removed';
/** How the user became a partner (flows §2.3): their partner page, an in-app action, the admin API, a cTrader Invite. */
export type PartnerSource = 'clientArea' | 'inappAction' | 'admin' | 'invite';
/** Where the partner's referral id stands at cTrader (3.6 set and 3.7 verified, or 3.8 removed). */
export type ReferralSyncState = 'pending' | 'synced' | 'removing' | 'removed' | 'failed';

/**
 * A partner (introducing broker) of one broker. `partnerId` is the public, URL-safe id in referral links and at
 * cTrader (3.6); `id` is internal. The tree is `parentId` plus the closure table (PartnerClosure) for fast queries.
 * A removed partner keeps its row (attributions point at it, history stays readable) but leaves the tree.
 */
@Entity('partner')
@Index(['brokerName', 'partnerId'], { unique: true })
@Index(['brokerName', 'userId'], { unique: true })
@Index(['brokerName', 'ctidUserId'])
@Index(['brokerName', 'parentId'])
export class Partner {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'varchar', length: 40 }) partnerId: string;
  /** Local TraderUser.id; null for a partner cTrader's Invite named before the user exists here. */
  @Column({ type: 'integer', nullable: true }) userId: number | null;
  /** cTrader's userId of the partner (3.6 target, Invite webhook's partnerUserId). */
  @BigIntColumn({ nullable: true }) ctidUserId: number | null;
  /** Partner.id of the parent partner; null at the root. */
  @Column({ type: 'integer', nullable: true }) parentId: number | null;
  @Column({ type: 'varchar', length: 10, default: 'active' }) status: PartnerStatus;
  @Column({ type: 'varchar', length: 16 }) source: PartnerSource;
  @Column({ type: 'varchar', length: 10, default: 'pending' }) referralState: ReferralSyncState;
  /** Bumped on every referral sync request, so each request is its own durable job. */
  @Column({ type: 'integer', default: 0 }) referralVersion: number;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn({ nullable: true }) removedAt: number | null;
}
