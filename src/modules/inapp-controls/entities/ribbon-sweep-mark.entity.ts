import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EpochMsColumn } from '../../../kernel/database';

/** Up to when a broker's campaign schedules have been swept: boundaries after this instant are still to act on. */
@Entity('ribbon_sweep_mark')
@Index(['brokerName'], { unique: true })
export class RibbonSweepMark {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 64 }) brokerName: string;
  @EpochMsColumn() sweptUntil: number;
}
