import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../database/epoch-ms.column';

export type OneTimeTokenPurpose = 'login' | 'inapp';

/** An OT token (contract §1.6): 60 s, single use, consumed by one conditional UPDATE. */
@Entity('one_time_token')
@Index(['brokerName', 'userId'])
export class OneTimeToken {
  @PrimaryColumn({ type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Local TraderUser.id. */
  @Column({ type: 'integer' }) userId: number;
  @Column({ type: 'varchar', length: 8 }) purpose: OneTimeTokenPurpose;
  /** Login tokens: the user ticked Keep me logged in (or it came from Embedded cTrader Web). */
  @Column({ type: 'boolean', default: false }) keepLoggedIn: boolean;
  @BigIntColumn({ nullable: true }) accountLogin: number | null;
  @EpochMsColumn() expiresAt: number;
  @EpochMsColumn({ nullable: true }) consumedAt: number | null;
  @EpochMsColumn() createdAt: number;
}
