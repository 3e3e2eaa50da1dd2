import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn, EpochMsColumn } from '../database/epoch-ms.column';

/**
 * Where opening an account stands: intent stored → trader created (3.3) → 3.4 sent (`linking`: the link may exist
 * at cTrader, its answer not yet stored) → linked to the cTID.
 */
export type AccountState = 'creating' | 'created' | 'linking' | 'linked';

/**
 * A cTrader trading account (3.3 `login`) of one local user, linked to the cTID by 3.4. The row is written
 * as an intent before 3.3, so a lost 3.3 answer can be repaired instead of creating a second trader.
 */
@Entity('trading_account')
@Index(['brokerName', 'login'], { unique: true })
@Index(['brokerName', 'userId'])
export class TradingAccount {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Local TraderUser.id. */
  @Column({ type: 'integer' }) userId: number;
  /** Null until 3.3 answered (or the repair found the trader). */
  @BigIntColumn({ nullable: true }) login: number | null;
  @Column({ type: 'varchar', length: 10, default: 'linked' }) state: AccountState;
  /**
   * MD5 of the random trader password, needed by 3.4 only; erased once linked. (cTrader itself authenticates
   * the trader by this MD5, so it is kept no longer than the link step needs.)
   */
  @Column({ type: 'varchar', length: 32, nullable: true }) traderPasswordMd5: string | null;
  @BigIntColumn({ nullable: true }) ctidTraderAccountId: number | null;
  @Column({ type: 'varchar', length: 3 }) currency: string;
  @Column({ type: 'integer' }) leverage: number;
  @Column({ type: 'varchar', length: 16 }) accountType: string;
  /** cTrader's environmentName (3.4): live, demo, live2… (config trading.environment). */
  @Column({ type: 'varchar', length: 8 }) environment: string;
  @Column({ type: 'integer', default: 2 }) moneyDigits: number;
  @EpochMsColumn() createdAt: number;
}
