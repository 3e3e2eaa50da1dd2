import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';

export type AuditCategory = 'admin' | 'security';

/** Admin writes and security events (token replay, brute force, bad webhook auth). Never holds a secret. */
@Entity('audit_event')
@Index(['brokerName', 'createdAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn() id: number;
  /** Null for deployment-wide events (e.g. an admin key for all brokers). */
  @Column({ type: 'varchar', length: 64, nullable: true }) brokerName: string | null;
  @Column({ type: 'varchar', length: 16 }) category: AuditCategory;
  @Column({ type: 'varchar', length: 64 }) action: string;
  /** `admin:<keyId>`, `staff:<id>`, `user:<id>`, `ip:<address>`, `cli`… */
  @Column({ type: 'varchar', length: 128 }) actor: string;
  /** What kind of actor (issue #19): key, staff, user, ip, provider, system… — the prefix of `actor`, for filtering. */
  @Column({ type: 'varchar', length: 16, nullable: true }) actorType: string | null;
  /** Who that was, readable, at the time: the key's name or the person's email. */
  @Column({ type: 'varchar', length: 256, nullable: true }) actorDisplay: string | null;
  @Column({ type: 'varchar', length: 256, nullable: true }) target: string | null;
  @Column({ type: 'text', default: '{}' }) details: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) requestId: string | null;
  @EpochMsColumn() createdAt: number;
}
