import { Module } from '@nestjs/common';
import { HousekeepingScheduler } from './housekeeping-scheduler.service';
import { HousekeepingJob } from './housekeeping.job';
import { Housekeeping } from './housekeeping.service';

/** Periodic deletion of expired rows (docs/wiring.md), scheduled through the durable jobs kernel. */
@Module({
  providers: [Housekeeping, HousekeepingJob, HousekeepingScheduler],
  exports: [Housekeeping, HousekeepingScheduler],
})
export class HousekeepingModule {}
