import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { JobQueue } from '../jobs/job-queue.service';
import { HOUSEKEEPING_BROKER, HOUSEKEEPING_JOB_KIND, HousekeepingPayload } from './housekeeping.job';

/** One purge per hour of the clock, whatever the number of instances. */
export const HOUSEKEEPING_PERIOD_MS = 60 * 60 * 1000;
/** How often each instance checks whether the current hour's job exists (and how long after start it first does). */
export const HOUSEKEEPING_CHECK_MS = 5 * 60 * 1000;

/**
 * Schedules the housekeeping job through the durable job queue. Every instance, every HOUSEKEEPING_CHECK_MS,
 * enqueues the job of the current hour slot with the idempotency key `purge-<slot>`: the queue's unique
 * (brokerName, kind, idempotencyKey) makes the second instance's enqueue find the first one's job, so two (or
 * ten) instances produce exactly one job per hour, and a crashed worker's job is re-claimed after its lease like
 * any other. The first check waits one interval, so short-lived processes (CLI, tests) enqueue nothing.
 */
@Injectable()
export class HousekeepingScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Housekeeping');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.housekeeping.autoStart) return;
    this.timer = setInterval(() => {
      this.tick().catch((e: unknown) => this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'housekeeping not scheduled this time'));
    }, HOUSEKEEPING_CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Enqueues the current slot's job unless it exists; returns whether this call created it. */
  async tick(): Promise<{ slot: number; created: boolean; jobId: string }> {
    const slot = Math.floor(this.clock.now() / HOUSEKEEPING_PERIOD_MS);
    const payload: HousekeepingPayload = { slot };
    const { job, created } = await this.unitOfWork.run((manager) =>
      this.jobs.enqueue(manager, { brokerName: HOUSEKEEPING_BROKER, kind: HOUSEKEEPING_JOB_KIND, payload, idempotencyKey: `purge-${slot}`, maxAttempts: 5 }),
    );
    return { slot, created, jobId: job.id };
  }
}
