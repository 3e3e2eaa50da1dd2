import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { JobsConfig } from '../../config/app-config';
import { BackoffPolicy } from '../../lib/backoff/jittered-backoff';

/** Injection token: the worker's settings (from AppConfig.jobs). */
export const JOB_WORKER_OPTIONS = Symbol('JOB_WORKER_OPTIONS');

export interface JobWorkerOptions {
  /** Unique per process; recorded in `lockedBy`. */
  workerId: string;
  /** Start polling on application bootstrap. */
  autoStart: boolean;
  pollIntervalMs: number;
  /** Jobs claimed per statement. */
  batchSize: number;
  /** Jobs this process runs at once. */
  concurrency: number;
  /** How long a claim is held without renewal; a worker that dies is replaced after this. */
  leaseMs: number;
  /** Backoff between attempts (per kind overridable by the handler). */
  backoff: BackoffPolicy;
  /** How long shutdown waits for running jobs before letting their leases expire. */
  shutdownGraceMs: number;
  /** Attempts for a job enqueued without maxAttempts. */
  defaultMaxAttempts: number;
}

/** The worker's settings from the config's `jobs` section (YAML or the JOBS_* environment variables, config-loader.ts). */
export function jobWorkerOptions(jobs: JobsConfig): JobWorkerOptions {
  return {
    workerId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    autoStart: jobs.autoStart,
    pollIntervalMs: jobs.pollIntervalMs,
    batchSize: jobs.batchSize,
    concurrency: jobs.concurrency,
    leaseMs: jobs.leaseMs,
    backoff: { baseMs: jobs.backoffBaseMs, maxMs: jobs.backoffMaxMs },
    shutdownGraceMs: jobs.shutdownGraceMs,
    defaultMaxAttempts: jobs.maxAttempts,
  };
}
