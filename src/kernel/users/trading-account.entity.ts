import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../database/epoch-ms.column';

/** A cTrader trading account (3.3 `login`) of one local user, linked to the cTID by 3.4. */
@Entity('trading_account')
@Index(['brokerName', 'login'], { unique: true })
@Index(['brokerName', 'userId'])
export class TradingAccount {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Local TraderUser.id. */
  @Column({ type: 'integer' }) userId: number;
  @BigIntColumn() login: number;
  @BigIntColumn({ nullable: true }) ctidTraderAccountId: number | null;
  @Column({ type: 'varchar', length: 3 }) currency: string;
  @Column({ type: 'integer' }) leverage: number;
  @Column({ type: 'varchar', length: 16 }) accountType: string;
  @Column({ type: 'varchar', length: 8 }) environment: 'live' | 'demo';
  @Column({ type: 'integer', default: 2 }) moneyDigits: number;
  @EpochMsColumn() createdAt: number;
}
