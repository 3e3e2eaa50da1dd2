import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-code';
import { ERROR_STATUS } from './error-status';

/**
 * The one exception type that carries a contract error: a code and a human message (no secrets). The HTTP status
 * is not the thrower's choice: it follows from the code (ERROR_STATUS), so one code always answers one status.
 */
export class ContractException extends HttpException {
  /** Set only by the documented exceptions below (subclasses in kernel/errors); everyone else gets ERROR_STATUS. */
  protected static readonly statusOverride: HttpStatus | undefined = undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message, new.target.statusOverride ?? ERROR_STATUS[code]);
  }
}

/**
 * The one documented exception to ERROR_STATUS: a refused HTTP Basic credential (the Invite webhook, contract §1.4)
 * answers 401 with a `WWW-Authenticate` challenge, as RFC 9110 §15.5.2 requires of Basic auth, yet keeps the
 * contract's code for a failed client credential, CH_CLIENT_AUTH_FAILURE (403 on the 4.x routes, §1.3).
 */
export class BasicAuthChallenge extends ContractException {
  protected static override readonly statusOverride = HttpStatus.UNAUTHORIZED;

  constructor(realm: string, message: string) {
    super(ErrorCode.ClientAuthFailure, message, { 'www-authenticate': `Basic realm="${realm}"` });
  }
}

export const brokerIdMissing = () => new ContractException(ErrorCode.BrokerIdMissing, 'Required broker identification parameters missing');
export const brokerIdInvalid = () => new ContractException(ErrorCode.BrokerIdInvalid, 'Invalid broker identification parameters');
export const brokerIdMismatch = () => new ContractException(ErrorCode.BrokerIdMismatch, 'Broker identification parameters do not match expected values');
