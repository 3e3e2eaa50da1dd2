/** Exponential backoff bounds: the n-th retry waits about baseMs·2^(n-1), never more than maxMs. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * "Equal jitter" exponential backoff: half of the exponential step is fixed, half is random. The fixed half keeps a
 * retry from firing immediately (a full-jitter 0 ms retry just hammers a struggling cTrader again); the random half
 * spreads the retries of many callers that failed together (a rate-limit storm, a CT restart) so they do not
 * return in lock-step. `retry` counts from 1 (the first retry).
 */
export function jitteredBackoffMs(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(retry));
  // 2^(n-1) overflows to Infinity long before n gets near 1024; cap the exponent so the min() stays meaningful.
  const exponential = policy.baseMs * 2 ** Math.min(n - 1, 30);
  const step = Math.max(0, Math.min(policy.maxMs, exponential));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (r * step) / 2);
}

/** A promise that resolves after `ms` (0 or less resolves on the next macrotask). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
