import {
  errorFromFailure,
  errorFromResponse,
  invalidResponse,
  isManagerTokenRejection,
  parseCtraderErrorBody,
  parseRetryAfter,
} from './ctrader-response.mapper';

const post = { callId: '3.5' as const, brokerName: 'b', method: 'POST' as const };
const get = { callId: 'traderRead' as const, brokerName: 'b', method: 'GET' as const };
const body = (errorCode: string, description = 'd') => JSON.stringify({ errorCode, description });

describe('cTrader error mapping', () => {
  it('keeps CT business refusals final and known-not-applied', () => {
    for (const code of ['NOT_ENOUGH_MONEY', 'CHANGE_BALANCE_BAD_AMOUNT', 'TRADER_NOT_FOUND']) {
      const e = errorFromResponse(post, code === 'TRADER_NOT_FOUND' ? 404 : 400, body(code));
      expect(e).toMatchObject({ kind: 'rejected', errorCode: code, retryable: false, outcomeUnknown: false, callId: '3.5' });
    }
  });

  it('REQUEST_FREQUENCY_EXCEEDED is retryable and certainly not applied, whatever the status', () => {
    expect(errorFromResponse(post, 429, body('REQUEST_FREQUENCY_EXCEEDED'))).toMatchObject({ kind: 'rateLimited', retryable: true, outcomeUnknown: false });
    expect(errorFromResponse(post, 403, body('REQUEST_FREQUENCY_EXCEEDED'))).toMatchObject({ kind: 'rateLimited' });
    expect(errorFromResponse(post, 429, '', 2000)).toMatchObject({ kind: 'rateLimited', errorCode: 'HTTP_429', retryAfterMs: 2000 });
  });

  it('recognises REQUEST_FREQUENCY_EXCEEDED with any status and in any body shape, never as a final rejection', () => {
    const shapes = [
      JSON.stringify({ errorCode: 'REQUEST_FREQUENCY_EXCEEDED' }),
      JSON.stringify({ error: 'REQUEST_FREQUENCY_EXCEEDED' }),
      JSON.stringify({ code: 'REQUEST_FREQUENCY_EXCEEDED', message: 'slow down' }),
      JSON.stringify({ error: { errorCode: 'REQUEST_FREQUENCY_EXCEEDED', description: 'x' } }),
      JSON.stringify({ error: 'Bad Request', message: 'REQUEST_FREQUENCY_EXCEEDED: try later' }),
      'REQUEST_FREQUENCY_EXCEEDED',
      '<html><body>Error REQUEST_FREQUENCY_EXCEEDED</body></html>',
    ];
    for (const status of [400, 401, 403, 429, 503]) {
      for (const text of shapes) {
        const e = errorFromResponse(post, status, text);
        expect({ status, text, kind: e.kind, retryable: e.retryable, outcomeUnknown: e.outcomeUnknown, errorCode: e.errorCode }).toEqual({
          status,
          text,
          kind: 'rateLimited',
          retryable: true,
          outcomeUnknown: false,
          errorCode: 'REQUEST_FREQUENCY_EXCEEDED',
        });
      }
    }
  });

  it('reads the error code from the loose body shapes too', () => {
    expect(parseCtraderErrorBody(JSON.stringify({ error: 'TRADER_NOT_FOUND' })).errorCode).toBe('TRADER_NOT_FOUND');
    expect(parseCtraderErrorBody(JSON.stringify({ code: 'X1', message: 'm' }))).toEqual({ errorCode: 'X1', description: 'm' });
    expect(parseCtraderErrorBody(JSON.stringify({ error: { code: 'X2', message: 'n' } }))).toEqual({ errorCode: 'X2', description: 'n' });
    expect(parseCtraderErrorBody(JSON.stringify({ errorCode: 'A', code: 'B' })).errorCode).toBe('A');
    expect(parseCtraderErrorBody(JSON.stringify(['x']))).toEqual({});
  });

  it('every refusal of the manager token is worth one renewal, whatever the status; LI only on an explicit webserv-token code', () => {
    for (const status of [400, 401, 403, 404, 500]) {
      expect(isManagerTokenRejection('3.9', status, 'INVALID_WEBSERV_TOKEN')).toBe(true);
      expect(isManagerTokenRejection('3.3', status, 'INVALID_TOKEN')).toBe(true);
      expect(isManagerTokenRejection('traderRead', status, 'TOKEN_EXPIRED')).toBe(true);
      expect(isManagerTokenRejection('3.5', status, 'WEBSERV_TOKEN_INVALID')).toBe(true);
    }
    expect(isManagerTokenRejection('3.6', 401, 'SOMETHING_ELSE')).toBe(true);
    expect(isManagerTokenRejection('3.6', 400, 'INVALID_REQUEST')).toBe(false);
    expect(errorFromResponse({ ...post, callId: '3.9' }, 400, body('INVALID_WEBSERV_TOKEN'))).toMatchObject({ kind: 'auth', retryable: false });
    // LI: 401/403/404 are about the user's token; an INVALID_TOKEN there is the user's too.
    for (const status of [401, 403, 404]) {
      expect(isManagerTokenRejection('LI', status, undefined)).toBe(false);
      expect(isManagerTokenRejection('LI', status, 'INVALID_TOKEN')).toBe(false);
      expect(isManagerTokenRejection('LI', status, 'TOKEN_EXPIRED')).toBe(false);
      expect(isManagerTokenRejection('LI', status, 'INVALID_WEBSERV_TOKEN')).toBe(true);
      expect(isManagerTokenRejection('LI', status, 'WEBSERV_TOKEN_INVALID')).toBe(true);
    }
    expect(errorFromResponse({ ...post, callId: 'LI' }, 401, body('TOKEN_NOT_FOUND'))).toMatchObject({ kind: 'rejected' });
  });

  it('5xx: retryable; for a non-GET the effect may have happened', () => {
    expect(errorFromResponse(post, 503, body('INTERNAL_SERVER_ERROR'))).toMatchObject({ kind: 'server', retryable: true, outcomeUnknown: true });
    expect(errorFromResponse(get, 500, '<html>oops</html>')).toMatchObject({ kind: 'server', errorCode: 'HTTP_500', outcomeUnknown: false });
  });

  it('tells a refused manager token from a business 401/403 (3.4 wrong trader password, LI bad user token)', () => {
    expect(isManagerTokenRejection('3.9', 401, 'INVALID_WEBSERV_TOKEN')).toBe(true);
    expect(isManagerTokenRejection('3.9', 401, undefined)).toBe(true);
    expect(isManagerTokenRejection('3.4', 403, 'INVALID_TRADER_PASSWORD')).toBe(false);
    expect(isManagerTokenRejection('LI', 401, 'TOKEN_NOT_FOUND')).toBe(false);
    expect(isManagerTokenRejection('LI', 403, 'INVALID_WEBSERV_TOKEN')).toBe(true);
    expect(isManagerTokenRejection('3.1', 401, 'INVALID_WEBSERV_TOKEN')).toBe(false);
    expect(errorFromResponse({ ...post, callId: '3.1' }, 403, body('INVALID_CREDENTIALS'))).toMatchObject({ kind: 'auth', retryable: false });
    expect(errorFromResponse({ ...post, callId: '3.4' }, 403, body('INVALID_TRADER_PASSWORD'))).toMatchObject({ kind: 'rejected' });
  });

  it('transport failures: a refused connection sent nothing; a timeout or a dropped answer may have applied a POST', () => {
    expect(errorFromFailure(post, 'connect', 'ECONNREFUSED')).toMatchObject({ kind: 'network', outcomeUnknown: false, retryable: true, status: null });
    expect(errorFromFailure(post, 'dropped', 'UND_ERR_SOCKET')).toMatchObject({
      kind: 'network',
      outcomeUnknown: true,
      errorCode: 'NETWORK_ERROR:UND_ERR_SOCKET',
    });
    expect(errorFromFailure(post, 'timeout', 'TIMEOUT')).toMatchObject({ kind: 'timeout', outcomeUnknown: true, errorCode: 'TIMEOUT' });
    expect(errorFromFailure(get, 'timeout', 'TIMEOUT')).toMatchObject({ kind: 'timeout', outcomeUnknown: false });
    expect(invalidResponse(post, 200, 'x')).toMatchObject({ kind: 'invalidResponse', outcomeUnknown: true, retryable: false });
  });

  it('never puts anything but call, status and code into the message', () => {
    const e = errorFromResponse(post, 400, body('NOT_ENOUGH_MONEY', 'token=abc secret'));
    expect(e.message).toBe('cTrader call 3.5 for b failed: HTTP 400 NOT_ENOUGH_MONEY');
    expect(e.description).toBe('token=abc secret');
  });

  it('parses only a well-formed CT error body and a sane Retry-After', () => {
    expect(parseCtraderErrorBody('not json')).toEqual({});
    expect(parseCtraderErrorBody(JSON.stringify({ errorCode: 'has space' }))).toEqual({ errorCode: undefined, description: undefined });
    expect(parseCtraderErrorBody(JSON.stringify({ errorCode: 'X', description: 'y'.repeat(500) })).description).toHaveLength(200);
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter('99999', 0)).toBe(60000);
    expect(parseRetryAfter(new Date(5000).toUTCString(), 0)).toBe(5000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});
