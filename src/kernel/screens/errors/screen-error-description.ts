import { HttpException } from '@nestjs/common';
import { ContractException } from '../../errors/contract.exception';
import { ErrorCode } from '../../errors/error-code';
import { ScreenException } from './screen.exception';

export interface ScreenErrorDescription {
  status: number;
  /** Translation key of the message. */
  messageKey: string;
  titleKey: string;
  params: Record<string, string | number>;
  /** Machine code for logs/tests (never shown to the user beyond the page). */
  code: string;
  retry?: string | true;
  headers: Record<string, string>;
}

/** Contract codes (§1.2, §1.3) → what a trader reads. Tokens: one message whatever the reason (no oracle). */
const BY_CODE: Partial<Record<string, string>> = {
  [ErrorCode.BrokerIdMissing]: 'errors.brokerUnknown',
  [ErrorCode.BrokerIdInvalid]: 'errors.brokerUnknown',
  [ErrorCode.BrokerIdMismatch]: 'errors.brokerUnknown',
  [ErrorCode.ModuleDisabled]: 'errors.moduleDisabled',
  [ErrorCode.TokenNotFound]: 'errors.tokenInvalid',
  [ErrorCode.TokenMalformed]: 'errors.tokenInvalid',
  [ErrorCode.InappTokenInvalid]: 'errors.tokenInvalid',
  [ErrorCode.TokenExpired]: 'errors.tokenInvalid',
  [ErrorCode.UserNotFound]: 'errors.tokenInvalid',
  [ErrorCode.RateLimited]: 'errors.tooManyAttempts',
  [ErrorCode.MissingRequiredParameter]: 'errors.badRequest',
  [ErrorCode.InvalidRequest]: 'errors.badRequest',
  [ErrorCode.NotFound]: 'errors.notFound',
  [ErrorCode.PayloadTooLarge]: 'errors.tooLarge',
  [ErrorCode.UnsupportedMediaType]: 'errors.badRequest',
  [ErrorCode.ServiceUnavailable]: 'errors.unavailable',
};

const BY_STATUS: Record<number, [string, ErrorCode]> = {
  400: ['errors.badRequest', ErrorCode.InvalidRequest],
  404: ['errors.notFound', ErrorCode.NotFound],
  405: ['errors.notFound', ErrorCode.MethodNotAllowed],
  413: ['errors.tooLarge', ErrorCode.PayloadTooLarge],
  415: ['errors.badRequest', ErrorCode.UnsupportedMediaType],
  429: ['errors.tooManyAttempts', ErrorCode.RateLimited],
  503: ['errors.unavailable', ErrorCode.ServiceUnavailable],
};

/** Maps anything thrown on a screen route to a status and a translation key; unknown errors are a plain 500. */
export function describeScreenError(exception: unknown): ScreenErrorDescription {
  const base = { titleKey: 'errors.title', params: {}, headers: {} };
  if (exception instanceof ScreenException) {
    const o = exception.details;
    return {
      ...base,
      status: exception.getStatus(),
      messageKey: exception.messageKey,
      titleKey: o.titleKey ?? base.titleKey,
      params: o.params ?? {},
      code: o.code ?? exception.messageKey,
      retry: o.retry,
      headers: o.headers ?? {},
    };
  }
  if (exception instanceof ContractException) {
    const status = exception.getStatus();
    return {
      ...base,
      status,
      messageKey: BY_CODE[exception.code] ?? BY_STATUS[status]?.[0] ?? (status >= 500 ? 'errors.generic' : 'errors.badRequest'),
      code: exception.code,
      headers: exception.headers,
    };
  }
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : typeof (exception as { statusCode?: unknown })?.statusCode === 'number'
        ? (exception as { statusCode: number }).statusCode
        : 500;
  if (status >= 400 && status < 500) {
    const [messageKey, code] = BY_STATUS[status] ?? ['errors.badRequest', ErrorCode.InvalidRequest];
    return { ...base, status, messageKey, code };
  }
  if (status === 503) return { ...base, status, messageKey: 'errors.unavailable', code: ErrorCode.ServiceUnavailable, retry: true };
  return { ...base, status: 500, messageKey: 'errors.generic', code: ErrorCode.InternalError, retry: true };
}
