/**
 * The codes of the contract's error body (contract §1.2, §1.3) plus the project's own operational codes.
 * The contract's values are exact: never rename them.
 */
export enum ErrorCode {
  // contract §1.2
  BrokerIdMissing = 'BROKER_ID_MISSING',
  BrokerIdInvalid = 'BROKER_ID_INVALID',
  BrokerIdMismatch = 'BROKER_ID_MISMATCH',
  ModuleDisabled = 'MODULE_DISABLED',
  // contract §1.3
  MissingRequiredParameter = 'MISSING_REQUIRED_PARAMETER',
  InvalidRequest = 'INVALID_REQUEST',
  ClientAuthFailure = 'CH_CLIENT_AUTH_FAILURE',
  InappTokenInvalid = 'INAPP_TOKEN_INVALID',
  TokenNotFound = 'TOKEN_NOT_FOUND',
  UserNotFound = 'USER_NOT_FOUND',
  TokenExpired = 'CID_TOKEN_EXPIRED',
  TokenMalformed = 'CID_NON_EXISTED_TOKEN',
  RateLimited = 'RATE_LIMITED',
  // operational (ours)
  NotFound = 'NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  HttpsRequired = 'HTTPS_REQUIRED',
  AdminAuthRequired = 'ADMIN_AUTH_REQUIRED',
  AdminAuthInvalid = 'ADMIN_AUTH_INVALID',
  AdminForbidden = 'ADMIN_FORBIDDEN',
  AdminBrokerForbidden = 'ADMIN_BROKER_FORBIDDEN',
  Conflict = 'CONFLICT',
  /** A state-changing request with a staff session cookie but without a valid CSRF token (issue #19). */
  CsrfInvalid = 'CSRF_INVALID',
  /** A staff session that has not finished its 2FA step (or enrolment) yet. */
  StaffSecondFactorRequired = 'STAFF_2FA_REQUIRED',
  /** Four-eyes: this person already approved (or requested) the payment, or the caller is not a person. */
  FourEyesRefused = 'FOUR_EYES_REFUSED',
  /** A provider callback (payments) whose HMAC signature or timestamp does not verify. */
  CallbackSignatureInvalid = 'CALLBACK_SIGNATURE_INVALID',
  /** A configuration reload found problems; the previous configuration stays. */
  ConfigInvalid = 'CONFIG_INVALID',
  InternalError = 'INTERNAL_ERROR',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}
