import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EpochMsColumn } from '../../../kernel/database';

/**
 * A broker's ribbon campaign (flows §2.3 "Ribbons"): what to show (title per language, colour, action), to whom
 * (audience), when (schedule) and how important it is (priority). `titles`, `action` and `audience` are JSON text.
 */
@Entity('ribbon_campaign')
@Index(['brokerName', 'enabled'])
export class RibbonCampaign {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Admin-facing name (never shown to traders). */
  @Column({ type: 'varchar', length: 120 }) name: string;
  @Column({ type: 'text' }) titles: string;
  @Column({ type: 'varchar', length: 7 }) color: string;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'boolean' }) closable: boolean;
  @Column({ type: 'boolean' }) enabled: boolean;
  @EpochMsColumn({ nullable: true }) startsAt: number | null;
  @EpochMsColumn({ nullable: true }) endsAt: number | null;
  @Column({ type: 'integer', default: 0 }) priority: number;
  @Column({ type: 'text' }) audience: string;
  /** Bumped by every change: the recompute job of a change is keyed by it. */
  @Column({ type: 'integer', default: 1 }) version: number;
  /** Soft delete: a deleted campaign must still be removed from users' rule sets, and stay auditable. */
  @EpochMsColumn({ nullable: true }) deletedAt: number | null;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn() updatedAt: number;
}
