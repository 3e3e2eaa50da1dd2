import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';

/** A Keep-me-logged-in token validated by 4.3; bound to broker, user and the OT token it came from. */
@Entity('access_token')
@Index(['brokerName', 'userId'])
@Index(['sourceOneTimeTokenHash'])
export class AccessToken {
  @PrimaryColumn({ type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'integer' }) userId: number;
  @Column({ type: 'varchar', length: 64 }) sourceOneTimeTokenHash: string;
  @EpochMsColumn() expiresAt: number;
  @EpochMsColumn({ nullable: true }) revokedAt: number | null;
  @EpochMsColumn() createdAt: number;
}
