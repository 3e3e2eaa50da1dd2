import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../database/epoch-ms.column';

/** A 4.1 token: authenticates the cTrader backend of one brokerCrmName. Only its SHA-256 is stored. */
@Entity('crm_api_token')
export class CrmApiToken {
  @PrimaryColumn({ type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: 'varchar', length: 64 }) brokerCrmName: string;
  @EpochMsColumn() expiresAt: number;
  @EpochMsColumn() createdAt: number;
}
