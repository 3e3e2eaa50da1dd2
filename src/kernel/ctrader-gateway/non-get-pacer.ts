import { BackoffPolicy, jitteredBackoffMs, sleep } from '../../lib/backoff/jittered-backoff';

/**
 * Paces one broker's non-GET calls to cTrader (contract §1.1: CT limits PUT/POST/DELETE per hour and answers
 * REQUEST_FREQUENCY_EXCEEDED above an unpublished threshold; "pace and retry, never hammer").
 *
 * - A token bucket of `rate` tokens per second with a one-second burst, run as reservations: a caller takes a token
 *   now, possibly driving the balance negative, and waits until that debt is repaid — FIFO without a queue.
 * - On REQUEST_FREQUENCY_EXCEEDED the broker's whole non-GET traffic pauses (Retry-After, or a backoff that grows
 *   with consecutive refusals), the debt is forgiven, everyone waiting re-reserves, and the rate is halved; each
 *   success gives a little rate back (AIMD). So after a storm traffic resumes paced, near what CT accepts.
 * - A burst of refusals caused by one burst of requests counts once: a refusal only acts if its request was let
 *   through after the latest pause (its ticket is current).
 *
 * Per process: N server instances pace N× the rate, so `nonGetPerSecond` is per instance.
 */
export class NonGetPacer {
  private rate: number;
  private tokens: number;
  private lastRefill: number;
  private blockedUntil = 0;
  /** Bumped by every pause: a caller admitted before it holds a stale ticket. */
  private generation = 0;
  private strikes = 0;

  constructor(
    private readonly maxRate: number,
    private readonly backoff: BackoffPolicy,
    private readonly clock: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.rate = maxRate;
    this.tokens = this.capacity;
    this.lastRefill = clock();
  }

  /** Current rate in calls per second (lower than configured after refusals). */
  get currentRate(): number {
    return this.rate;
  }

  private get capacity(): number {
    return Math.max(1, this.rate);
  }

  /** Reserves one token at `now`; returns how long the caller must wait before sending. */
  reserve(now: number = this.clock()): number {
    this.refill(now);
    this.tokens -= 1;
    // After a pause the bucket refills from the end of the pause, not from now.
    const refillFrom = Math.max(now, this.lastRefill);
    const debtWait = this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.rate;
    return Math.max(Math.ceil(refillFrom - now + debtWait), this.blockedUntil - now, 0);
  }

  /** Stops every non-GET call of this broker for `ms`, then resumes paced from an empty bucket. */
  pause(ms: number, now: number = this.clock()): void {
    const until = now + Math.max(0, ms);
    if (until <= this.blockedUntil) return;
    this.blockedUntil = until;
    this.tokens = 0;
    this.lastRefill = until;
    this.generation += 1;
  }

  /**
   * CT refused a call sent with `ticket`: pause and slow down, unless a pause already happened since that call was
   * let through (the same storm). Returns the pause in ms (0 when this refusal was already accounted for).
   */
  onRateLimited(ticket: number, retryAfterMs?: number, now: number = this.clock()): number {
    if (ticket !== this.generation) return 0;
    this.strikes += 1;
    this.rate = Math.max(1, this.rate / 2);
    const ms = retryAfterMs ?? jitteredBackoffMs(this.strikes, this.backoff, this.random);
    this.pause(ms, now);
    return ms;
  }

  /** A non-GET call went through: the storm is over, win back some rate. */
  onAccepted(): void {
    this.strikes = 0;
    if (this.rate < this.maxRate) this.rate = Math.min(this.maxRate, this.rate + Math.max(0.5, this.maxRate / 50));
  }

  /** Resolves with a ticket when the caller may send its non-GET call. */
  async acquire(): Promise<number> {
    for (;;) {
      const generation = this.generation;
      const wait = this.reserve();
      if (wait > 0) await sleep(wait);
      if (generation === this.generation && this.clock() >= this.blockedUntil) return generation;
      // A pause came in while we waited: our reservation was forgiven with everyone else's; queue up again.
    }
  }

  private refill(now: number): void {
    if (now <= this.lastRefill) return;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.lastRefill) * this.rate) / 1000);
    this.lastRefill = now;
  }
}
