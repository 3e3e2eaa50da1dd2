import { Global, Module } from '@nestjs/common';
import { HousekeepingScheduler } from './housekeeping-scheduler.service';
import { HousekeepingJob } from './housekeeping.job';
import { Housekeeping } from './housekeeping.service';
import { HousekeepingPurges } from './purge-registry';

/**
 * Periodic deletion of expired rows (docs/wiring.md), scheduled through the durable jobs kernel. Global so that any
 * kernel part or module can register what it purges (HousekeepingPurges).
 */
@Global()
@Module({
  providers: [Housekeeping, HousekeepingJob, HousekeepingScheduler, HousekeepingPurges],
  exports: [Housekeeping, HousekeepingScheduler, HousekeepingPurges],
})
export class HousekeepingModule {}
