import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { jitteredBackoffMs, sleep } from '../../lib/backoff/jittered-backoff';
import { JobContext } from './job-handler';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobLeaseLostError } from './job-lease-lost.error';
import { JobOutcomeBus } from './job-outcome.bus';
import { JobPermanentError } from './job-permanent.error';
import { JobCompletion, JobQueue } from './job-queue.service';
import { JOB_WORKER_OPTIONS, JobWorkerOptions } from './job-worker.options';
import { Job } from './job.entity';
import { Clock } from '../clock';

/**
 * Runs jobs: polls, claims a batch atomically (JobQueue.claim), runs each under a lease with its kind's handler,
 * records the outcome (guarded by the lease) and publishes final outcomes on the JobOutcomeBus.
 *
 * Safe with several instances (ARCHITECTURE.md §5): nothing here is needed for correctness except the database.
 * In-process state only prevents this process from running one job twice at the same time.
 */
@Injectable()
export class JobWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobWorker');
  private readonly running = new Map<string, Promise<void>>();
  /** The kind of each running job, for what shutdown says it waits for. */
  private readonly runningKinds = new Map<string, string>();
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly queue: JobQueue,
    private readonly handlers: JobHandlerRegistry,
    private readonly outcomes: JobOutcomeBus,
    @Inject(JOB_WORKER_OPTIONS) readonly options: JobWorkerOptions,
  ) {}

  get workerId(): string {
    return this.options.workerId;
  }

  onApplicationBootstrap(): void {
    if (this.options.autoStart) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts the polling loop (idempotent). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.pollLoop().catch((error: unknown) => {
      this.logger.error({ err: describe(error) }, 'job worker loop stopped');
    });
  }

  /**
   * Stops claiming and waits (up to shutdownGraceMs) for running jobs. Jobs still running after that keep their
   * lease until it expires; another instance then reclaims them (and their handlers reconcile).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
    const inFlight = [...this.running.values()];
    if (inFlight.length === 0) return;
    const grace = this.options.shutdownGraceMs;
    this.logger.log({ jobs: this.runningJobs() }, `stopped claiming jobs; waiting up to ${grace} ms for ${inFlight.length} running job(s)`);
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.allSettled(inFlight).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(resolve, grace, false))),
    ]);
    clearTimeout(timer);
    if (finished) this.logger.log('running jobs finished');
    else
      this.logger.warn(
        { jobs: this.runningJobs() },
        `${this.running.size} job(s) still running after ${grace} ms: their leases expire and another instance takes them over`,
      );
  }

  /** The jobs this process runs right now (shutdown says what it waits for). */
  runningJobs(): Array<{ id: string; kind: string }> {
    return [...this.runningKinds].map(([id, kind]) => ({ id, kind }));
  }

  /** Claims one batch (up to free concurrency) and runs it to completion. Returns how many jobs were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await this.claimBatch(this.options.batchSize);
    await Promise.allSettled(claimed.map((job) => this.running.get(job.id) ?? Promise.resolve()));
    return claimed.length;
  }

  /**
   * Runs these jobs now, in this process, if it runs jobs at all (the worker is started) and they are due; waits
   * for them (also when this process's poll loop claimed them first). DurableEvents calls it right after the
   * emitter's commit, so a reaction is normally done when the emitting request answers. Anything not run here (the
   * worker is stopped, another instance claimed it, it failed and backs off) is left to the normal polling.
   */
  async runNow(ids: string[]): Promise<void> {
    if (!this.loop || this.stopping || ids.length === 0) return;
    const kinds = this.handlers.kinds();
    const now = this.clock.now();
    const claimed = await this.queue.claim({ workerId: this.workerId, now, leaseUntil: now + this.options.leaseMs, limit: ids.length, kinds, ids });
    for (const job of claimed) {
      if (this.running.has(job.id)) continue;
      this.track(job);
    }
    await Promise.allSettled(ids.map((id) => this.running.get(id) ?? Promise.resolve()));
  }

  /**
   * Tests and scripts: runs until no job of a registered kind is pending or running (waiting for backoffs and
   * leases to come due), or throws after `timeoutMs`.
   */
  async drain(timeoutMs = 30000): Promise<void> {
    const until = this.clock.now() + timeoutMs;
    for (;;) {
      const n = await this.runOnce();
      if (n > 0) continue;
      await Promise.allSettled([...this.running.values()]);
      const due = await this.queue.nextDueAt(this.handlers.kinds());
      if (due === null) return;
      if (this.clock.now() >= until) throw new Error(`JobWorker.drain: jobs still open after ${timeoutMs} ms`);
      await sleep(Math.min(Math.max(due - this.clock.now(), 5), 200, until - this.clock.now()));
    }
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopping) {
      let claimed = 0;
      try {
        const free = this.options.concurrency - this.running.size;
        if (free > 0) claimed = (await this.claimBatch(Math.min(free, this.options.batchSize))).length;
      } catch (error: unknown) {
        this.logger.error({ err: describe(error) }, 'claiming jobs failed');
      }
      if (this.stopping) break;
      // A full batch means more may be waiting: poll again at once (when a slot is free).
      if (claimed > 0 && this.running.size < this.options.concurrency) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async claimBatch(limit: number): Promise<Job[]> {
    const kinds = this.handlers.kinds();
    if (kinds.length === 0 || limit <= 0) return [];
    const now = this.clock.now();
    const claimed = await this.queue.claim({ workerId: this.workerId, now, leaseUntil: now + this.options.leaseMs, limit, kinds });
    const started: Job[] = [];
    for (const job of claimed) {
      // Our own lease expired while the job still runs here: the claim renewed it for the running attempt, which
      // will complete it (same lockedBy). Never start a second execution in parallel.
      if (this.running.has(job.id)) continue;
      this.track(job);
      started.push(job);
    }
    return started;
  }

  private track(job: Job): void {
    const run = this.execute(job)
      .catch((error: unknown) => this.logger.error({ job: { id: job.id, kind: job.kind }, err: describe(error) }, 'job bookkeeping failed'))
      .finally(() => {
        this.running.delete(job.id);
        this.runningKinds.delete(job.id);
        if (!this.stopping) this.wake?.();
      });
    this.running.set(job.id, run);
    this.runningKinds.set(job.id, job.kind);
  }

  private async execute(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind);
    if (!handler) return; // unregistered since the claim (tests); the lease expires and someone else takes it
    if (job.attempts > job.maxAttempts) {
      // The previous attempt was the last one and its worker vanished (lease expired).
      await this.finish(job, {
        state: 'dead',
        error: 'attempts exhausted (the last attempt did not report back before its lease expired)',
        result: { reason: 'ATTEMPTS_EXHAUSTED' },
      });
      return;
    }
    let leaseUntil = job.lockedUntil ?? this.clock.now() + this.options.leaseMs;
    const context: JobContext = {
      jobId: job.id,
      brokerName: job.brokerName,
      kind: job.kind,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      createdAt: job.createdAt,
      leaseMs: this.options.leaseMs,
      leaseUntil: () => leaseUntil,
      renewLease: async (ms: number) => {
        const until = this.clock.now() + ms;
        if (!(await this.queue.renewLease(job.id, this.workerId, until))) throw new JobLeaseLostError(job.id);
        leaseUntil = until;
        return until;
      },
    };
    let payload: unknown;
    try {
      payload = JSON.parse(job.payload);
    } catch {
      await this.finish(job, { state: 'dead', error: 'payload is not valid JSON' });
      return;
    }
    try {
      const result = await handler.handle(payload, context);
      await this.finish(job, { state: 'succeeded', result: result ?? null });
    } catch (error: unknown) {
      if (error instanceof JobLeaseLostError) {
        this.logger.warn({ job: { id: job.id, kind: job.kind } }, 'lease lost; another worker owns this job now');
        return;
      }
      const message = errorMessage(error);
      if (error instanceof JobPermanentError) {
        await this.finish(job, { state: 'dead', error: message, result: error.result });
      } else if (job.attempts >= job.maxAttempts) {
        await this.finish(job, { state: 'dead', error: `${message} (after ${job.attempts} attempts)` });
      } else {
        const hinted = (error as { retryAfterMs?: unknown })?.retryAfterMs;
        const delay = Math.max(typeof hinted === 'number' ? hinted : 0, jitteredBackoffMs(job.attempts, handler.backoff ?? this.options.backoff));
        await this.finish(job, { state: 'pending', runAfter: this.clock.now() + delay, error: message });
      }
    }
  }

  private async finish(job: Job, completion: JobCompletion): Promise<void> {
    const recorded = await this.queue.complete(job, this.workerId, completion);
    if (!recorded) {
      this.logger.warn({ job: { id: job.id, kind: job.kind, state: completion.state } }, 'outcome not recorded: the lease was lost');
      return;
    }
    if (completion.state === 'pending') return;
    await this.outcomes.emit({
      jobId: job.id,
      brokerName: job.brokerName,
      kind: job.kind,
      state: completion.state,
      result: completion.result ?? null,
      lastError: completion.state === 'dead' ? completion.error : job.lastError,
      attempts: job.attempts,
    });
  }
}

/** The error's own message (handlers and the gateway put no secrets there), never a stack. */
function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error).slice(0, 200);
}

function describe(error: unknown) {
  return error instanceof Error ? { name: error.name, message: error.message } : String(error);
}
