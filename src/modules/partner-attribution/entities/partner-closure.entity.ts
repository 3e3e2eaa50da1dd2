import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The partner tree as a closure table: one row per (ancestor, descendant) pair, including each partner with itself
 * at depth 0. A partner's whole downline and a trader's upline are then one indexed range read each, whatever the
 * depth, on both SQLite and PostgreSQL (docs/partners.md explains the choice over a materialised path).
 */
@Entity('partner_closure')
@Index(['brokerName', 'ancestorId', 'depth'])
@Index(['brokerName', 'descendantId', 'depth'])
export class PartnerClosure {
  @PrimaryColumn({ type: 'integer' }) ancestorId: number;
  @PrimaryColumn({ type: 'integer' }) descendantId: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @Column({ type: 'integer' }) depth: number;
}
