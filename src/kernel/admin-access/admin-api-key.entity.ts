import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';
import type { AdminRole } from './admin-roles';

/** A bearer key of the admin console. Only its SHA-256 is stored; the key itself is shown once. */
@Entity('admin_api_key')
export class AdminApiKey {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 128 }) name: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) keyHash: string;
  /** One role on every broker of `brokers` (issue #19; the former read/write became viewer/admin). */
  @Column({ type: 'varchar', length: 16 }) role: AdminRole;
  /** JSON array of brokerNames, or ["*"] for every broker of the deployment. */
  @Column({ type: 'text' }) brokers: string;
  /** The staff member the key was issued to (four-eyes counts that person); null = a machine's key. */
  @Column({ type: 'varchar', length: 36, nullable: true }) ownerStaffId: string | null;
  @EpochMsColumn() createdAt: number;
  @EpochMsColumn({ nullable: true }) revokedAt: number | null;
}
