import { CallTimer, realCallTimer } from './call-timer';
import { CtraderRetryOptions } from './ctrader-retry.policy';

/** Injection token for overriding the gateway's tuning (tests, unusual deployments). */
export const CTRADER_GATEWAY_OPTIONS = Symbol('CTRADER_GATEWAY_OPTIONS');

/**
 * Tuning that is the same for every broker. Per-broker settings (host, timeout, pacing rate, 3.11/3.12 paths) live in
 * the broker's `ctrader` config.
 */
export interface CtraderGatewayOptions extends CtraderRetryOptions {
  /** After CT refused the manager credentials, fail fast for this long instead of calling 3.1 again. */
  credentialRefusalCooldownMs: number;
  /** Timeout of the readiness probe, and how long its answer is reused (probes must not hammer CT's 3.1). */
  readinessTimeoutMs: number;
  readinessCacheMs: number;
  /** Random source for jitter (tests pin it). */
  random: () => number;
  /** The per-call timeout's timer (`ctrader.timeoutMs`); tests fire it themselves instead of waiting for it. */
  callTimer: CallTimer;
}

export const DEFAULT_CTRADER_GATEWAY_OPTIONS: CtraderGatewayOptions = {
  maxAttempts: 3,
  rateLimitMaxAttempts: 12,
  backoff: { baseMs: 200, maxMs: 5000 },
  rateLimitBackoff: { baseMs: 1000, maxMs: 60000 },
  credentialRefusalCooldownMs: 10000,
  readinessTimeoutMs: 2000,
  readinessCacheMs: 10000,
  random: Math.random,
  callTimer: realCallTimer,
};
