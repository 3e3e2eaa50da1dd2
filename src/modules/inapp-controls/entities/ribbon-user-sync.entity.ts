import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../../../kernel/database';

export const RIBBON_SYNC_STATES = ['pending', 'synced', 'failed'] as const;
export type RibbonSyncState = (typeof RIBBON_SYNC_STATES)[number];

/**
 * One user's ribbon rule set: what it should be (desired, this broker's part), what cTrader last received
 * (pushed, the whole 3.9 `rules`) and where the push stands. A row exists once a user ever had a ribbon.
 */
@Entity('ribbon_user_sync')
@Index(['brokerName', 'userId'], { unique: true })
@Index(['brokerName', 'ctidUserId'])
@Index(['brokerName', 'state'])
export class RibbonUserSync {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Local TraderUser.id. */
  @Column({ type: 'integer' }) userId: number;
  @BigIntColumn() ctidUserId: number;
  /** JSON of this broker's 3.9 `rules` for the user. */
  @Column({ type: 'text' }) desiredRules: string;
  @Column({ type: 'varchar', length: 64 }) desiredHash: string;
  /** Bumped whenever desiredRules change: the push job of that change is keyed by it. */
  @Column({ type: 'integer', default: 1 }) version: number;
  /** JSON of the `rules` last accepted by cTrader (null: never pushed, or unknown after a concurrent change). */
  @Column({ type: 'text', nullable: true }) pushedRules: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) pushedHash: string | null;
  @EpochMsColumn({ nullable: true }) pushedAt: number | null;
  @Column({ type: 'varchar', length: 10 }) state: RibbonSyncState;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  @EpochMsColumn() updatedAt: number;
}
