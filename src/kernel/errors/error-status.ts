import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-code';

/**
 * The HTTP status of every error code: the one place that decides it (issue #20). Code that refuses a request
 * throws an ErrorCode; the status follows from it. Typed as a complete Record so that a new code without a status
 * fails tsc. The contract's pairs (01-contract.md §1.2, §1.3) are fixed; error-status.spec.ts checks them.
 * The one documented exception is a Basic-auth challenge (401, see BasicAuthChallenge in contract.exception.ts).
 */
export const ERROR_STATUS: Readonly<Record<ErrorCode, HttpStatus>> = {
  // contract §1.2
  [ErrorCode.BrokerIdMissing]: HttpStatus.BAD_REQUEST,
  [ErrorCode.BrokerIdInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.BrokerIdMismatch]: HttpStatus.FORBIDDEN,
  [ErrorCode.ModuleDisabled]: HttpStatus.NOT_FOUND,
  // contract §1.3
  [ErrorCode.MissingRequiredParameter]: HttpStatus.BAD_REQUEST,
  [ErrorCode.InvalidRequest]: HttpStatus.BAD_REQUEST,
  [ErrorCode.ClientAuthFailure]: HttpStatus.FORBIDDEN,
  [ErrorCode.InappTokenInvalid]: HttpStatus.FORBIDDEN,
  [ErrorCode.TokenNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.UserNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.TokenExpired]: HttpStatus.GONE,
  [ErrorCode.TokenMalformed]: HttpStatus.EXPECTATION_FAILED,
  [ErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  // operational (ours)
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.MethodNotAllowed]: HttpStatus.METHOD_NOT_ALLOWED,
  [ErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.UnsupportedMediaType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ErrorCode.HttpsRequired]: HttpStatus.FORBIDDEN,
  [ErrorCode.AdminAuthRequired]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.AdminAuthInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.AdminForbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.AdminBrokerForbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.Conflict]: HttpStatus.CONFLICT,
  [ErrorCode.CsrfInvalid]: HttpStatus.FORBIDDEN,
  [ErrorCode.StaffSecondFactorRequired]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.FourEyesRefused]: HttpStatus.FORBIDDEN,
  [ErrorCode.ConfigInvalid]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.CallbackSignatureInvalid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.InternalError]: HttpStatus.INTERNAL_SERVER_ERROR,
  [ErrorCode.ServiceUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

export function statusOf(code: ErrorCode): HttpStatus {
  return ERROR_STATUS[code];
}
