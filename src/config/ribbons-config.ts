import { NumberFromText } from './from-env-text';
import { IsInt, Max, Min } from 'class-validator';

/** Per-broker settings of the in-app controls (ribbons) module, `brokers[].ribbons`. */
export class RibbonsConfig {
  /** The most ribbons one user's 3.9 rule set carries (highest targeting level and priority first). */
  @NumberFromText() @IsInt() @Min(1) @Max(50) maxRibbonsPerUser = 10;
  /** How often campaign schedules are swept for start/end boundaries (seconds). */
  @NumberFromText() @IsInt() @Min(5) @Max(3600) sweepIntervalSeconds = 60;
}
