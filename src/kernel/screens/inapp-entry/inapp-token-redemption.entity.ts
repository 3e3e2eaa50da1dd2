import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/epoch-ms.column';

/**
 * One in-app token that opened a screen (either identity mode), kept so the token is redeemed at most once on
 * our side: a reload of the original URL finds the screen session it started instead of redeeming again, and any
 * other presentation (another browser, a leaked URL) is refused without asking the redeemer or cTrader.
 * Only the token's SHA-256 is stored (contract §1.6).
 */
@Entity('inapp_token_redemption')
@Index('IDX_inapp_token_redemption_created', ['createdAt'])
export class InappTokenRedemption {
  /** SHA-256 (hex) of the token. */
  @PrimaryColumn({ type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** The screen session the token started (ScreenSession.id, itself a hash of the cookie). */
  @Column({ type: 'varchar', length: 64 }) sessionId: string;
  /** The local user's id. */
  @Column({ type: 'integer' }) userId: number;
  @EpochMsColumn() createdAt: number;
}
