/**
 * Error codes the simulated cTrader backend answers with. Names are cTrader's where the docs give them
 * (contract §1.5); the rest are the simulator's own and say so.
 */
export enum CtraderErrorCode {
  InvalidWebservToken = 'INVALID_WEBSERV_TOKEN',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  InvalidRequest = 'INVALID_REQUEST',
  InvalidBrokerCrmName = 'INVALID_BROKER_CRM_NAME',
  InvalidBrokerName = 'INVALID_BROKER_NAME',
  EmailNotAllowed = 'EMAIL_NOT_ALLOWED',
  EmailAlreadyExists = 'EMAIL_ALREADY_EXISTS',
  TraderGroupNotFound = 'TRADER_GROUP_NOT_FOUND',
  TraderNotFound = 'TRADER_NOT_FOUND',
  UserNotFound = 'USER_NOT_FOUND',
  InvalidTraderPassword = 'INVALID_TRADER_PASSWORD',
  TraderAlreadyLinked = 'TRADER_ALREADY_LINKED',
  CtidTraderAccountNotFound = 'CTID_TRADER_ACCOUNT_NOT_FOUND',
  ChangeBalanceBadAmount = 'CHANGE_BALANCE_BAD_AMOUNT',
  NotEnoughMoney = 'NOT_ENOUGH_MONEY',
  ReferralNotFound = 'REFERRAL_NOT_FOUND',
  TokenNotFound = 'TOKEN_NOT_FOUND',
  TokenExpired = 'TOKEN_EXPIRED',
  TokenAlreadyUsed = 'TOKEN_ALREADY_USED',
  RequestFrequencyExceeded = 'REQUEST_FREQUENCY_EXCEEDED',
  NotFound = 'NOT_FOUND',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  InternalServerError = 'INTERNAL_SERVER_ERROR',
  /** Simulator-only: a `/__sim/app/*` helper or the cTrader Web page used before configureBrokerServer(). */
  BrokerServerNotConfigured = 'BROKER_SERVER_NOT_CONFIGURED',
  /** Simulator-only: the broker server could not be reached by the simulated app. */
  BrokerServerUnreachable = 'BROKER_SERVER_UNREACHABLE',
}

/** The one error body shape of cTrader's API. */
export interface CtraderErrorBody {
  errorCode: string;
  description: string;
}

export class CtraderError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly description: string,
  ) {
    super(`${errorCode}: ${description}`);
    this.name = 'CtraderError';
  }

  /** The wire body; a subclass may answer another shape (see rate-limit-answer.ts). */
  toBody(): unknown {
    return { errorCode: this.errorCode, description: this.description };
  }

  static invalidRequest(description: string): CtraderError {
    return new CtraderError(400, CtraderErrorCode.InvalidRequest, description);
  }
}
