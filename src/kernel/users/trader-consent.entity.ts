import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';

/**
 * One consent a trader gave at signup (config `brokers[].consents`): which document, which version, when and
 * from which IP — the evidence a regulated broker keeps. Written in the same transaction as the user; never updated.
 */
@Entity('trader_consent')
@Index('IDX_trader_consent_user', ['brokerName', 'userId'])
export class TraderConsent {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  /** Local TraderUser.id. */
  @Column({ type: 'integer' }) userId: number;
  @Column({ type: 'varchar', length: 40 }) consentKey: string;
  @Column({ type: 'varchar', length: 40 }) version: string;
  @EpochMsColumn() acceptedAt: number;
  /** The client IP as the server saw it (behind the configured trusted proxies). */
  @Column({ type: 'varchar', length: 64 }) ip: string;
}
