import { Injectable, OnModuleInit } from '@nestjs/common';
import type { JobHandler } from '../jobs/job-handler';
import { JobHandlerRegistry } from '../jobs/job-handler.registry';
import { SYSTEM_JOB_BROKER } from '../jobs/job.entity';
import { Housekeeping, HousekeepingReport } from './housekeeping.service';

export const HOUSEKEEPING_JOB_KIND = 'kernel.housekeeping';
/** Jobs carry a brokerName; housekeeping is for every broker, so it runs under this reserved name (not URL-safe as a broker id). */
export const HOUSEKEEPING_BROKER = SYSTEM_JOB_BROKER;

export interface HousekeepingPayload {
  /** The time slot (epoch ms / period) the job was scheduled for: also its idempotency key. */
  slot: number;
}

/** The durable job that runs one purge; a failed purge is retried by the worker like any job. */
@Injectable()
export class HousekeepingJob implements JobHandler<HousekeepingPayload, HousekeepingReport>, OnModuleInit {
  readonly kind = HOUSEKEEPING_JOB_KIND;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly housekeeping: Housekeeping,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  handle(): Promise<HousekeepingReport> {
    return this.housekeeping.purgeExpired();
  }
}
