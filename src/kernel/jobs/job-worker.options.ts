import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { BackoffPolicy } from '../../lib/backoff/jittered-backoff';

/** Injection token: override the worker's settings (otherwise read from the environment). */
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

/**
 * Defaults, each overridable by an environment variable (JOBS_*): the jobs settings are operational tuning, not
 * broker configuration, so they stay out of the YAML until someone needs them there.
 */
export function jobWorkerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): JobWorkerOptions {
  const int = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}`);
    return n;
  };
  return {
    workerId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    autoStart: !['0', 'false', 'off', 'no'].includes((env.JOBS_AUTOSTART ?? '').toLowerCase()),
    pollIntervalMs: int('JOBS_POLL_INTERVAL_MS', 1000, 5),
    batchSize: int('JOBS_BATCH_SIZE', 20, 1),
    concurrency: int('JOBS_CONCURRENCY', 8, 1),
    leaseMs: int('JOBS_LEASE_MS', 120000, 100),
    backoff: { baseMs: int('JOBS_BACKOFF_BASE_MS', 2000, 1), maxMs: int('JOBS_BACKOFF_MAX_MS', 600000, 1) },
    shutdownGraceMs: int('JOBS_SHUTDOWN_GRACE_MS', 10000, 0),
    defaultMaxAttempts: int('JOBS_MAX_ATTEMPTS', 10, 1),
  };
}
