import { BackoffPolicy, jitteredBackoffMs } from '../../lib/backoff/jittered-backoff';
import { CtraderCallSpec } from './ctrader-call';
import { CtraderError } from './ctrader.error';

export interface CtraderRetryOptions {
  /** Attempts in all for a retry-safe call failing with 5xx/timeout/network (1 = never repeat). */
  maxAttempts: number;
  /** Attempts in all for a call refused with REQUEST_FREQUENCY_EXCEEDED. */
  rateLimitMaxAttempts: number;
  backoff: BackoffPolicy;
  /** Pause of the broker's non-GET traffic after a REQUEST_FREQUENCY_EXCEEDED (when CT sends no Retry-After). */
  rateLimitBackoff: BackoffPolicy;
}

/** Failures of one logical call so far, by the budget they count against (the current failure included). */
export interface FailureCounts {
  transient: number;
  rateLimited: number;
}

/**
 * The gateway's retry rule (ARCHITECTURE.md §4): returns how long to wait before repeating the call, or null when
 * the error goes to the caller.
 * - REQUEST_FREQUENCY_EXCEEDED: any call — CT refused it before doing anything (contract §1.1).
 * - 5xx, timeout, dropped connection: only reads and replace-style calls, where a repeat cannot double an effect.
 * - 3.2, 3.3, 3.4, 3.5 and the LI redeem are never repeated here: a lost answer may hide a created user or a moved
 *   balance, and only the caller (saga, durable job) can check CT's state before trying again.
 */
export function retryDelayMs(
  spec: CtraderCallSpec,
  error: CtraderError,
  failures: FailureCounts,
  options: CtraderRetryOptions,
  random: () => number = Math.random,
): number | null {
  if (error.kind === 'rateLimited') {
    if (failures.rateLimited >= options.rateLimitMaxAttempts) return null;
    return error.retryAfterMs ?? jitteredBackoffMs(failures.rateLimited, options.rateLimitBackoff, random);
  }
  if (!error.retryable || error.kind === 'deadline') return null;
  if (spec.retry === 'effect') return null;
  if (spec.retry === 'replace' && error.kind === 'invalidResponse') return null;
  if (failures.transient >= options.maxAttempts) return null;
  return error.retryAfterMs ?? jitteredBackoffMs(failures.transient, options.backoff, random);
}
