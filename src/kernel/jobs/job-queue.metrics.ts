import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { Clock } from '../clock';
import { MetricsService } from '../observability/metrics.service';
import { JobBacklogRow, JobQueue } from './job-queue.service';

/**
 * The job queue as an operator watches it, read from the database at scrape time (every instance reports the same,
 * current numbers):
 * - `job_queue_jobs{kind,state}`: jobs pending (queued, including those waiting out a backoff), running (claimed
 *   under a lease) and dead (given up; an admin retries or cancels them), per kind. Alert on dead > 0.
 * - `job_queue_oldest_pending_age_seconds{kind}`: how long the oldest pending job of each kind has existed. A
 *   growing age means the kind is stuck (no worker, or a dependency keeps failing).
 * Both come from one grouped statement per scrape. Each scrape resets the gauges first, so a kind whose jobs are
 * all done disappears instead of freezing at its last value.
 */
@Injectable()
export class JobQueueMetrics implements OnModuleInit {
  /** The statement of the scrape in progress: prom-client collects all gauges at once, both gauges share it. */
  private inFlight: Promise<JobBacklogRow[]> | null = null;

  constructor(
    private readonly metrics: MetricsService,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const backlog = () => this.backlog();
    const clock = this.clock;
    new Gauge({
      name: 'job_queue_jobs',
      help: 'Jobs pending, running and dead, per kind',
      labelNames: ['kind', 'state'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const rows = await backlog();
        this.reset();
        for (const row of rows) this.set({ kind: row.kind, state: row.state }, row.count);
      },
    });
    new Gauge({
      name: 'job_queue_oldest_pending_age_seconds',
      help: 'Age of the oldest pending job, per kind',
      labelNames: ['kind'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const rows = await backlog();
        const now = clock.now();
        this.reset();
        for (const row of rows) if (row.state === 'pending') this.set({ kind: row.kind }, Math.max(0, (now - row.oldestCreatedAt) / 1000));
      },
    });
  }

  private backlog(): Promise<JobBacklogRow[]> {
    this.inFlight ??= this.queue.backlog().finally(() => (this.inFlight = null));
    return this.inFlight;
  }
}
