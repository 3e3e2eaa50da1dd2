import { CtraderCallId, CtraderHttpMethod } from './ctrader-call';
import { CtraderError } from './ctrader.error';

/** cTrader's refusal of a non-GET call over its hourly threshold (contract §1.1). Nothing happened at CT. */
export const REQUEST_FREQUENCY_EXCEEDED = 'REQUEST_FREQUENCY_EXCEEDED';

/**
 * Codes with which CT refuses the `?token=` webservToken itself. The docs do not list them; these are the ones
 * seen from CT and the simulator. A bare 401 also counts (except on the Light-identity redeem, see below).
 */
export const MANAGER_TOKEN_ERROR_CODES: ReadonlySet<string> = new Set(['INVALID_WEBSERV_TOKEN', 'WEBSERV_TOKEN_INVALID', 'INVALID_TOKEN']);

const DESCRIPTION_LIMIT = 200;

export interface CallContext {
  callId: CtraderCallId;
  brokerName: string;
  method: CtraderHttpMethod;
}

/** CT's error body is `{ errorCode, description }`; anything else (HTML from a proxy, empty) yields nothing. */
export function parseCtraderErrorBody(text: string): { errorCode?: string; description?: string } {
  if (!text) return {};
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (!body || typeof body !== 'object') return {};
    const errorCode = typeof body.errorCode === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(body.errorCode) ? body.errorCode : undefined;
    const description = typeof body.description === 'string' ? body.description.slice(0, DESCRIPTION_LIMIT) : undefined;
    return { errorCode, description };
  } catch {
    return {};
  }
}

/**
 * Does this answer say the manager token is no good (so one renewal via 3.1 is worth it)? The Light-identity
 * redeem answers 401/403/404 about the *user's* token (contract §1.5 LI), so there only an explicit
 * webserv-token code counts; a 403 elsewhere is a business refusal (3.4 answers 403 for a wrong trader password).
 */
export function isManagerTokenRejection(callId: CtraderCallId, status: number, errorCode: string | undefined): boolean {
  if (callId === '3.1') return false;
  if (errorCode && MANAGER_TOKEN_ERROR_CODES.has(errorCode)) return true;
  return status === 401 && callId !== 'LI';
}

/** Maps a non-2xx answer to the typed error. */
export function errorFromResponse(ctx: CallContext, status: number, text: string, retryAfterMs?: number): CtraderError {
  const { errorCode, description } = parseCtraderErrorBody(text);
  const code = errorCode ?? `HTTP_${status}`;
  const base = { callId: ctx.callId, brokerName: ctx.brokerName, status, errorCode: code, description, retryAfterMs };
  if (status === 429 || errorCode === REQUEST_FREQUENCY_EXCEEDED) {
    return new CtraderError({ ...base, kind: 'rateLimited', retryable: true, outcomeUnknown: false });
  }
  if ((ctx.callId === '3.1' && (status === 401 || status === 403)) || isManagerTokenRejection(ctx.callId, status, errorCode)) {
    return new CtraderError({ ...base, kind: 'auth', retryable: false, outcomeUnknown: false });
  }
  if (status >= 500) {
    // A 5xx after a POST does not prove that nothing happened (CT may fail after committing).
    return new CtraderError({ ...base, kind: 'server', retryable: true, outcomeUnknown: ctx.method !== 'GET' });
  }
  return new CtraderError({ ...base, kind: 'rejected', retryable: false, outcomeUnknown: false });
}

export type TransportFailure = 'timeout' | 'connect' | 'dropped';

/**
 * A request that got no HTTP answer. `connect`: the connection was never established, so nothing was sent and
 * nothing can have happened. `timeout`/`dropped`: the request may have reached CT and taken effect.
 */
export function errorFromFailure(ctx: CallContext, failure: TransportFailure, code: string): CtraderError {
  const mayHaveHappened = ctx.method !== 'GET' && failure !== 'connect';
  return new CtraderError({
    callId: ctx.callId,
    brokerName: ctx.brokerName,
    status: null,
    kind: failure === 'timeout' ? 'timeout' : 'network',
    errorCode: failure === 'timeout' ? 'TIMEOUT' : `NETWORK_ERROR${code ? `:${code}` : ''}`,
    retryable: true,
    outcomeUnknown: mayHaveHappened,
  });
}

/** A 2xx whose body is unusable: for a non-GET the effect did happen, we just cannot tell its result. */
export function invalidResponse(ctx: CallContext, status: number, what: string): CtraderError {
  return new CtraderError({
    callId: ctx.callId,
    brokerName: ctx.brokerName,
    status,
    kind: 'invalidResponse',
    errorCode: 'INVALID_RESPONSE',
    description: what,
    retryable: ctx.method === 'GET',
    outcomeUnknown: ctx.method !== 'GET',
  });
}

/** Retry-After: delta-seconds or an HTTP date (RFC 9110 §10.2.3); capped so a hostile value cannot park us. */
export function parseRetryAfter(value: string | string[] | undefined, now: number, capMs = 60000): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Math.min(Number(v.trim()) * 1000, capMs);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), capMs);
}
