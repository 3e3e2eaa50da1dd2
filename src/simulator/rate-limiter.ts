import { DEFAULT_RATE_LIMIT, SimulatorRateLimit } from './simulator-options';

interface Window {
  startedAt: number;
  count: number;
}

/**
 * CT's non-GET limit (contract §1.1): a fixed window per manager login. The real threshold is unpublished;
 * tests narrow it to check that the broker paces and retries instead of hammering.
 */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<number, Window>();

  constructor(
    private limit: SimulatorRateLimit = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one call; false when it is over the limit (the caller must then reject it without effect). */
  tryAcquire(managerLogin: number): boolean {
    const now = this.now();
    let window = this.windows.get(managerLogin);
    if (!window || now - window.startedAt >= this.limit.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(managerLogin, window);
    }
    window.count += 1;
    return window.count <= this.limit.nonGetPerWindow;
  }

  configure(limit: SimulatorRateLimit): void {
    this.limit = { ...limit };
    this.windows.clear();
  }

  current(): SimulatorRateLimit {
    return { ...this.limit };
  }

  reset(): void {
    this.windows.clear();
  }
}
