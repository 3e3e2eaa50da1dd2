import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';

export type AdminRole = 'read' | 'write';

/** A bearer key of the admin console. Only its SHA-256 is stored; the key itself is shown once. */
@Entity('admin_api_key')
export class AdminApiKey {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 128 }) name: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) keyHash: string;
  @Column({ type: 'varchar', length: 8 }) role: AdminRole;
  /** JSON array of brokerNames, or ["*"] for every broker of the deployment. */
  @Column({ type: 'text' }) brokers: string;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn({ nullable: true }) revokedAt: number | null;
}
