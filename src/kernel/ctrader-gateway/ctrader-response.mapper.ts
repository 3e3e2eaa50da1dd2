import { CtraderCallId, CtraderHttpMethod } from './ctrader-call';
import { CtraderError } from './ctrader.error';

/** cTrader's refusal of a non-GET call over its hourly threshold (contract §1.1). Nothing happened at CT. */
export const REQUEST_FREQUENCY_EXCEEDED = 'REQUEST_FREQUENCY_EXCEEDED';

/**
 * Codes with which CT refuses the `?token=` webservToken itself. The docs do not list them; these are the ones
 * seen from CT and the simulator. A bare 401 also counts (except on the Light-identity redeem, see below).
 */
export const MANAGER_TOKEN_ERROR_CODES: ReadonlySet<string> = new Set(['INVALID_WEBSERV_TOKEN', 'WEBSERV_TOKEN_INVALID', 'INVALID_TOKEN']);

/** A code that names the webserv (manager) token explicitly: the only kind that counts on the LI redeem. */
const WEBSERV_TOKEN_CODE = /WEBSERV/i;

/**
 * Any other code that says "your token is no good" (INVALID_TOKEN, TOKEN_INVALID, EXPIRED_TOKEN, …). The docs are
 * silent on how CT words a refused webservToken, so the gateway reads the meaning, not one spelling.
 */
const INVALID_TOKEN_CODE = /^(?=.*TOKEN)(?=.*(INVALID|EXPIRED|UNKNOWN|REVOKED|NOT_AUTHORI[SZ]ED|UNAUTHORI[SZ]ED)).*$/i;

const DESCRIPTION_LIMIT = 200;
const CODE_SHAPE = /^[A-Za-z0-9_.-]{1,64}$/;

export interface CallContext {
  callId: CtraderCallId;
  brokerName: string;
  method: CtraderHttpMethod;
}

const asCode = (value: unknown): string | undefined => (typeof value === 'string' && CODE_SHAPE.test(value) ? value : undefined);
const asText = (value: unknown): string | undefined => (typeof value === 'string' ? value.slice(0, DESCRIPTION_LIMIT) : undefined);

/**
 * CT's documented error body is `{ errorCode, description }`. Proxies, gateways and older CT builds answer other
 * shapes (`{ error: "X" }`, `{ code: "X", message }`, `{ error: { errorCode: "X" } }`); those are read too, so a
 * refusal is classified by what it says rather than by where it says it. Anything unreadable yields nothing.
 */
export function parseCtraderErrorBody(text: string): { errorCode?: string; description?: string } {
  if (!text) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const top = body as Record<string, unknown>;
  const nested = top.error && typeof top.error === 'object' && !Array.isArray(top.error) ? (top.error as Record<string, unknown>) : undefined;
  const errorCode = asCode(top.errorCode) ?? asCode(nested?.errorCode) ?? asCode(nested?.code) ?? asCode(top.code) ?? asCode(top.error);
  const description = asText(top.description) ?? asText(nested?.description) ?? asText(nested?.message) ?? asText(top.message);
  return { errorCode, description };
}

/**
 * Contract §1.1: CT refuses a non-GET over its hourly threshold with REQUEST_FREQUENCY_EXCEEDED. The docs give the
 * code, not the status or the body around it, so it is recognised wherever it appears in the answer (any field,
 * nested, a message, plain text) and with any status: 429, but also 400/403/503 as seen from proxies.
 */
export function isRateLimitAnswer(status: number, text: string, errorCode: string | undefined): boolean {
  return status === 429 || errorCode === REQUEST_FREQUENCY_EXCEEDED || text.includes(REQUEST_FREQUENCY_EXCEEDED);
}

/**
 * Does this answer say the manager token is no good (so one renewal via 3.1 is worth it)? Any status counts when
 * the code says so; a bare 401 counts too. The Light-identity redeem answers 401/403/404 about the *user's*
 * token (contract §1.5 LI), so there only a code naming the webserv token counts. A 403 without such a code is a
 * business refusal (3.4 answers 403 for a wrong trader password).
 */
export function isManagerTokenRejection(callId: CtraderCallId, status: number, errorCode: string | undefined): boolean {
  if (callId === '3.1') return false;
  if (callId === 'LI') return !!errorCode && WEBSERV_TOKEN_CODE.test(errorCode) && INVALID_TOKEN_CODE.test(errorCode);
  if (errorCode && (MANAGER_TOKEN_ERROR_CODES.has(errorCode) || INVALID_TOKEN_CODE.test(errorCode))) return true;
  return status === 401;
}

/** Maps a non-2xx answer to the typed error. */
export function errorFromResponse(ctx: CallContext, status: number, text: string, retryAfterMs?: number): CtraderError {
  const { errorCode, description } = parseCtraderErrorBody(text);
  const code = errorCode ?? `HTTP_${status}`;
  const base = { callId: ctx.callId, brokerName: ctx.brokerName, status, errorCode: code, description, retryAfterMs };
  if (isRateLimitAnswer(status, text, errorCode)) {
    // Whatever the status (a 400/403 included), a rate-limited call was refused before any effect: always retryable.
    const rateCode = errorCode === undefined && !text.includes(REQUEST_FREQUENCY_EXCEEDED) ? code : REQUEST_FREQUENCY_EXCEEDED;
    return new CtraderError({ ...base, kind: 'rateLimited', errorCode: rateCode, retryable: true, outcomeUnknown: false });
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
