import { STATUS_CODES } from 'node:http';
import { HTTP_CODES } from './contract-exception.filter';
import { BasicAuthChallenge, ContractException } from './contract.exception';
import { ErrorCode } from './error-code';
import { ERROR_STATUS, statusOf } from './error-status';

/** The code/status pairs the contract writes down (/shared/spec/01-contract.md §1.2 and §1.3), copied verbatim. */
const CONTRACT_PAIRS: Array<[string, number]> = [
  // §1.2
  ['BROKER_ID_MISSING', 400],
  ['BROKER_ID_INVALID', 401],
  ['BROKER_ID_MISMATCH', 403],
  ['MODULE_DISABLED', 404],
  // §1.3
  ['MISSING_REQUIRED_PARAMETER', 400],
  ['INVALID_REQUEST', 400],
  ['CH_CLIENT_AUTH_FAILURE', 403],
  ['INAPP_TOKEN_INVALID', 403],
  ['TOKEN_NOT_FOUND', 404],
  ['USER_NOT_FOUND', 404],
  ['CID_TOKEN_EXPIRED', 410],
  ['CID_NON_EXISTED_TOKEN', 417],
  ['RATE_LIMITED', 429],
];

describe('ERROR_STATUS, the one ErrorCode → HTTP status table', () => {
  it('gives every code an error status with a reason phrase', () => {
    for (const code of Object.values(ErrorCode)) {
      const status: number = ERROR_STATUS[code];
      expect([code, typeof status]).toEqual([code, 'number']);
      expect([code, status >= 400 && status < 600, STATUS_CODES[status] !== undefined]).toEqual([code, true, true]);
    }
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...Object.values(ErrorCode)].sort());
  });

  it.each(CONTRACT_PAIRS)('answers %s with %i, as the contract says', (code, status) => {
    expect(Object.values(ErrorCode)).toContain(code);
    expect(statusOf(code as ErrorCode)).toBe(status);
    expect(new ContractException(code as ErrorCode, 'm').getStatus()).toBe(status);
  });

  it('agrees with the reverse map used for Nest and Fastify exceptions, which carry a status and no code', () => {
    for (const [status, code] of Object.entries(HTTP_CODES)) expect([code, ERROR_STATUS[code]]).toEqual([code, Number(status)]);
  });

  it('takes the status from the code; the one documented exception is the Basic-auth challenge', () => {
    const e = new ContractException(ErrorCode.Conflict, 'changed meanwhile', { 'retry-after': '1' });
    expect([e.getStatus(), e.code, e.message, e.headers]).toEqual([409, 'CONFLICT', 'changed meanwhile', { 'retry-after': '1' }]);
    const challenge = new BasicAuthChallenge('invite-webhook', 'Invalid or missing webhook credential');
    expect(challenge).toBeInstanceOf(ContractException);
    expect([challenge.getStatus(), challenge.code, challenge.headers]).toEqual([
      401,
      'CH_CLIENT_AUTH_FAILURE',
      { 'www-authenticate': 'Basic realm="invite-webhook"' },
    ]);
    // The override belongs to the subclass only: a plain exception with the same code keeps the contract's 403.
    expect(new ContractException(ErrorCode.ClientAuthFailure, 'x').getStatus()).toBe(403);
  });
});
