import { BackoffPolicy } from '../../lib/backoff/jittered-backoff';

/** What a handler knows about the attempt it runs. */
export interface JobContext {
  readonly jobId: string;
  readonly brokerName: string;
  readonly kind: string;
  /**
   * 1 for the first claim ever. Anything above 1 means an earlier attempt ran — and, if it called cTrader, may
   * have had its effect even though it failed or its worker died (lease expired).
   */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly createdAt: number;
  /** The worker's lease length (what renewLease typically asks for). */
  readonly leaseMs: number;
  /** Epoch ms until which this worker holds the job. */
  leaseUntil(): number;
  /**
   * Extends the lease to now + `ms`, atomically checking that this worker still holds it. Call it right before a
   * call that must not overlap with another worker's attempt; it throws JobLeaseLostError if the job was reclaimed.
   * Returns the new lease end.
   */
  renewLease(ms: number): Promise<number>;
}

/**
 * Executes one kind of job. Return a JSON-serialisable result (stored on the job, no secrets), or throw:
 * JobPermanentError → dead at once; anything else → retried with backoff until maxAttempts, then dead.
 */
export interface JobHandler<P = unknown, R = unknown> {
  readonly kind: string;
  handle(payload: P, context: JobContext): Promise<R>;
  /** Backoff between attempts of this kind (default: the worker's). */
  readonly backoff?: BackoffPolicy;
}
