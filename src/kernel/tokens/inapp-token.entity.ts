import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';

/** The inappToken cTrader passes back on 4.4; lives as long as the access token (or app session) it came with. */
@Entity('inapp_token')
@Index(['brokerName', 'userId'])
@Index(['accessTokenHash'])
export class InappToken {
  @PrimaryColumn({ type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'integer' }) userId: number;
  @Column({ type: 'varchar', length: 64, nullable: true }) accessTokenHash: string | null;
  @Column({ type: 'varchar', length: 64 }) sourceOneTimeTokenHash: string;
  @EpochMsColumn() expiresAt: number;
  @EpochMsColumn({ nullable: true }) revokedAt: number | null;
  @EpochMsColumn() createdAt: number;
}
