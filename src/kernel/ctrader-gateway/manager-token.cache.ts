import { CtraderError } from './ctrader.error';

interface Entry {
  token?: string;
  inFlight?: Promise<string>;
  /** After CT refused the manager credentials: fail fast instead of sending 3.1 on every call. */
  refusedUntil?: number;
  refusal?: CtraderError;
}

/**
 * The webservToken of each broker/CT host (contract §1.5: obtained once, cached, never expires at CT).
 * Concurrent callers share one in-flight 3.1; an invalidation only drops the token the caller actually used, so a
 * burst of calls that all failed with the same stale token causes exactly one renewal. Tokens live only in this
 * process's memory (a cache: any instance can obtain its own).
 */
export class ManagerTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly refusalCooldownMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(key: string, obtain: () => Promise<string>): Promise<string> {
    const entry = this.entry(key);
    if (entry.token) return entry.token;
    if (entry.refusal && (entry.refusedUntil ?? 0) > this.clock()) throw entry.refusal;
    if (!entry.inFlight) {
      entry.inFlight = obtain()
        .then((token) => {
          entry.token = token;
          entry.refusal = undefined;
          return token;
        })
        .catch((error: unknown) => {
          if (error instanceof CtraderError && error.kind === 'auth') {
            entry.refusal = error;
            entry.refusedUntil = this.clock() + this.refusalCooldownMs;
          }
          throw error;
        })
        .finally(() => {
          entry.inFlight = undefined;
        });
    }
    return entry.inFlight;
  }

  /** Forgets `token` if it is still the cached one (a newer token obtained meanwhile stays). */
  invalidate(key: string, token: string): void {
    const entry = this.entries.get(key);
    if (entry?.token === token) entry.token = undefined;
  }

  has(key: string): boolean {
    return Boolean(this.entries.get(key)?.token);
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
    }
    return entry;
  }
}
