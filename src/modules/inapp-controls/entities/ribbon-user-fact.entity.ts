import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EpochMsColumn } from '../../../kernel/database';
import type { KycStatus } from '../domain/ribbon-campaign.types';

/**
 * What this module learned about a user from other modules' durable events (payments, KYC, partners): the only way
 * those facts reach us (ARCHITECTURE.md §1). Users and accounts themselves are read from the kernel's tables.
 */
@Entity('ribbon_user_fact')
@Index(['brokerName', 'userId'], { unique: true })
export class RibbonUserFact {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Local TraderUser.id. */
  @Column({ type: 'integer' }) userId: number;
  @EpochMsColumn({ nullable: true }) firstDepositAt: number | null;
  @Column({ type: 'varchar', length: 10, default: 'none' }) kycStatus: KycStatus;
  /** When the event that set kycStatus happened: a reaction retried after a newer one must not undo it. */
  @EpochMsColumn({ nullable: true }) kycStatusAt: number | null;
  @Column({ type: 'boolean', default: false }) isPartner: boolean;
  /** Same for isPartner. */
  @EpochMsColumn({ nullable: true }) isPartnerAt: number | null;
  @EpochMsColumn({ nullable: true }) lastActivityAt: number | null;
  @EpochMsColumn() updatedAt: number;
}
