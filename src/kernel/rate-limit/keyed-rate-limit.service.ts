import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the key may try again (when refused). */
  retryAfterSeconds: number;
}

/**
 * A throttle on a key of the caller's choosing (a user, an account…) rather than the client's IP, for routes where
 * the IP is the wrong unit: one session can come from many addresses. Same storage as @RateLimited (Redis when
 * configured, so every instance counts the same hits).
 */
@Injectable()
export class KeyedRateLimit {
  constructor(@Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage) {}

  /** Counts one hit on `key`; refused beyond `limit` hits per `ttlMs` (then blocked for `ttlMs`). */
  async hit(key: string, limit: number, ttlMs: number): Promise<RateLimitVerdict> {
    const r = await this.storage.increment(`keyed:${key}`, ttlMs, limit, ttlMs, 'keyed');
    const allowed = !r.isBlocked && r.totalHits <= limit;
    return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((r.isBlocked ? r.timeToBlockExpire : r.timeToExpire) || 1)) };
  }
}
