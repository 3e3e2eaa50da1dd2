import { CTRADER_CALLS } from './ctrader-call';
import { errorFromFailure, errorFromResponse } from './ctrader-response.mapper';
import { CtraderRetryOptions, retryDelayMs } from './ctrader-retry.policy';

const options: CtraderRetryOptions = {
  maxAttempts: 3,
  rateLimitMaxAttempts: 5,
  backoff: { baseMs: 100, maxMs: 1000 },
  rateLimitBackoff: { baseMs: 1000, maxMs: 8000 },
};
const zero = () => 0;
const ctx = (id: keyof typeof CTRADER_CALLS) => ({ callId: id, brokerName: 'b', method: CTRADER_CALLS[id].method });
const serverError = (id: keyof typeof CTRADER_CALLS) => errorFromResponse(ctx(id), 503, '');
const timeout = (id: keyof typeof CTRADER_CALLS) => errorFromFailure(ctx(id), 'timeout', 'TIMEOUT');
const rateLimited = (id: keyof typeof CTRADER_CALLS) => errorFromResponse(ctx(id), 429, JSON.stringify({ errorCode: 'REQUEST_FREQUENCY_EXCEEDED' }));

describe('retryDelayMs: the gateway repeats a call only where that is safe', () => {
  it('reads and replace-style calls are repeated after 5xx and timeouts, with growing backoff, within the budget', () => {
    for (const id of ['traderRead', 'balanceHistoryRead', '3.7', '3.11', '3.6', '3.8', '3.9', '3.10', '3.12', '3.13', '3.1'] as const) {
      expect(retryDelayMs(CTRADER_CALLS[id], serverError(id), { transient: 1, rateLimited: 0 }, options, zero)).toBe(50);
      expect(retryDelayMs(CTRADER_CALLS[id], timeout(id), { transient: 2, rateLimited: 0 }, options, zero)).toBe(100);
      expect(retryDelayMs(CTRADER_CALLS[id], timeout(id), { transient: 3, rateLimited: 0 }, options, zero)).toBeNull();
    }
  });

  it('3.2, 3.3, 3.4, 3.5 and LI are never repeated after a 5xx, a timeout or a dropped answer', () => {
    for (const id of ['3.2', '3.3', '3.4', '3.5', 'LI'] as const) {
      expect(retryDelayMs(CTRADER_CALLS[id], serverError(id), { transient: 1, rateLimited: 0 }, options, zero)).toBeNull();
      expect(retryDelayMs(CTRADER_CALLS[id], timeout(id), { transient: 1, rateLimited: 0 }, options, zero)).toBeNull();
      expect(
        retryDelayMs(CTRADER_CALLS[id], errorFromFailure(ctx(id), 'dropped', 'UND_ERR_SOCKET'), { transient: 1, rateLimited: 0 }, options, zero),
      ).toBeNull();
    }
  });

  it('every call is repeated after REQUEST_FREQUENCY_EXCEEDED (nothing happened), honouring Retry-After, within its own budget', () => {
    expect(retryDelayMs(CTRADER_CALLS['3.5'], rateLimited('3.5'), { transient: 0, rateLimited: 1 }, options, zero)).toBe(500);
    expect(retryDelayMs(CTRADER_CALLS['3.5'], rateLimited('3.5'), { transient: 0, rateLimited: 5 }, options, zero)).toBeNull();
    const withHeader = errorFromResponse(ctx('3.2'), 429, '', 2500);
    expect(retryDelayMs(CTRADER_CALLS['3.2'], withHeader, { transient: 0, rateLimited: 1 }, options, zero)).toBe(2500);
  });

  it('a rate-limit answer with a non-429 status is repeated like a 429, even for the calls that are never repeated otherwise', () => {
    for (const status of [400, 403, 503]) {
      for (const id of ['3.2', '3.3', '3.4', '3.5', 'LI', '3.9'] as const) {
        const limited = errorFromResponse(ctx(id), status, JSON.stringify({ error: { errorCode: 'REQUEST_FREQUENCY_EXCEEDED' } }));
        expect(retryDelayMs(CTRADER_CALLS[id], limited, { transient: 0, rateLimited: 1 }, options, zero)).toBe(500);
      }
    }
  });

  it('business refusals are never repeated', () => {
    const refused = errorFromResponse(ctx('3.9'), 400, JSON.stringify({ errorCode: 'INVALID_REQUEST' }));
    expect(retryDelayMs(CTRADER_CALLS['3.9'], refused, { transient: 1, rateLimited: 0 }, options, zero)).toBeNull();
  });
});
