import { CtraderCallId } from './ctrader-call';

/**
 * What went wrong, in the terms a caller decides on:
 * - `rejected`: CT answered 4xx with a business/validation error (NOT_ENOUGH_MONEY, TRADER_NOT_FOUND, …). Final.
 * - `auth`: CT refused the manager credentials (3.1) or the renewed manager token. Final until config changes.
 * - `rateLimited`: 429 REQUEST_FREQUENCY_EXCEEDED — refused before any effect.
 * - `server`: 5xx.
 * - `timeout`: no answer within the broker's `ctrader.timeoutMs`.
 * - `network`: connection refused/reset/dropped.
 * - `invalidResponse`: a 2xx whose body is not what the contract says.
 * - `deadline`: not sent at all, because it could not finish before the caller's deadline (e.g. a job's lease).
 * - `configuration`: the broker has no usable cTrader host configured.
 */
export type CtraderErrorKind = 'rejected' | 'auth' | 'rateLimited' | 'server' | 'timeout' | 'network' | 'invalidResponse' | 'deadline' | 'configuration';

export interface CtraderErrorInit {
  kind: CtraderErrorKind;
  callId: CtraderCallId;
  brokerName: string;
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  /** cTrader's `errorCode`, or ours for failures without a CT body (TIMEOUT, NETWORK_ERROR, …). */
  errorCode: string;
  /** cTrader's `description`, truncated; it never holds our token (tokens travel in the query, never echoed). */
  description?: string;
  /** A later repeat of the very same request may succeed. */
  retryable: boolean;
  /** A non-GET request may or may not have taken effect at CT (timeout, dropped answer, 5xx, unreadable 2xx). */
  outcomeUnknown: boolean;
  /** From CT's Retry-After header, when it sent one. */
  retryAfterMs?: number;
}

/**
 * The one error the gateway throws. Its message names the call, the HTTP status and CT's code — never the URL
 * (the manager token rides in its query string), a request body or a credential.
 */
export class CtraderError extends Error {
  readonly kind: CtraderErrorKind;
  readonly callId: CtraderCallId;
  readonly brokerName: string;
  readonly status: number | null;
  readonly errorCode: string;
  readonly description: string | undefined;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(init: CtraderErrorInit) {
    super(`cTrader call ${init.callId} for ${init.brokerName} failed: ${init.status === null ? 'no response' : `HTTP ${init.status}`} ${init.errorCode}`);
    this.name = 'CtraderError';
    this.kind = init.kind;
    this.callId = init.callId;
    this.brokerName = init.brokerName;
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.description = init.description;
    this.retryable = init.retryable;
    this.outcomeUnknown = init.outcomeUnknown;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * 3.4's documented error for a trader that is already linked to a cTID (contract 3.4;
 * docs.spotware.com/WebServices_API/Error_Codes, "Error Codes for Operations with cTID"). The gateway gives every
 * 4xx whose code names an existing link (`…ALREADY_LINKED…`) this one code, so callers need not know its spelling.
 * It says nothing about WHICH cTID holds the link: a caller must verify before treating the link as its own.
 */
export const TRADER_ALREADY_LINKED = 'TRADER_ALREADY_LINKED';

export function isTraderAlreadyLinked(error: unknown): error is CtraderError {
  return error instanceof CtraderError && error.callId === '3.4' && error.kind === 'rejected' && error.errorCode === TRADER_ALREADY_LINKED;
}
