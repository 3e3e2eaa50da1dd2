import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ContractException } from '../errors/contract.exception';
import { ErrorCode } from '../errors/error-code';
import { describeScreenError } from '../screens/errors/screen-error-description';
import { BackOfficeRenderer, BACK_OFFICE_TEMPLATES } from './back-office-renderer.service';
import { BackOfficeRedirect, BackOfficeRequest } from './back-office-session';

/** Contract codes a back-office page can meet, in staff words. */
const BY_CODE: Partial<Record<string, string>> = {
  [ErrorCode.AdminForbidden]: 'backOffice.errors.forbidden',
  [ErrorCode.AdminBrokerForbidden]: 'backOffice.errors.brokerForbidden',
  [ErrorCode.FourEyesRefused]: 'backOffice.errors.fourEyes',
  [ErrorCode.Conflict]: 'backOffice.errors.conflict',
  [ErrorCode.CsrfInvalid]: 'errors.formExpired',
  [ErrorCode.AdminAuthRequired]: 'backOffice.errors.signIn',
  [ErrorCode.AdminAuthInvalid]: 'backOffice.errors.signIn',
};

/**
 * Back-office routes answer errors as back-office pages (status kept, no stack, no exception message: those are
 * for developers and may carry input), and BackOfficeRedirect as 303 See Other. 5xx are logged with the request id.
 */
@Catch()
@Injectable()
export class BackOfficeExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('BackOfficeErrors');

  constructor(private readonly renderer: BackOfficeRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<BackOfficeRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    if (exception instanceof BackOfficeRedirect) {
      this.renderer.applyHeaders(reply);
      reply.redirect(exception.location, 303);
      return;
    }
    const d = describeScreenError(exception);
    const messageKey = (exception instanceof ContractException && BY_CODE[exception.code]) || d.messageKey;
    if (d.status >= 500) {
      this.logger.error(
        { err: exception instanceof Error ? { name: exception.name, stack: exception.stack } : String(exception), reqId: request.id },
        'back-office error',
      );
    }
    for (const [k, v] of Object.entries(d.headers)) reply.header(k, v);
    try {
      this.renderer.render(
        reply,
        BACK_OFFICE_TEMPLATES.message,
        { tone: 'error', messageKey, params: d.params, code: d.code, reference: d.status >= 500 ? request.id : undefined },
        'errors.title',
        { status: d.status },
      );
    } catch (renderError) {
      this.logger.error(
        { err: renderError instanceof Error ? { name: renderError.name, stack: renderError.stack } : String(renderError), reqId: request.id },
        'error page failed',
      );
      this.renderer.applyHeaders(reply);
      reply
        .status(d.status)
        .header('content-type', 'text/html; charset=utf-8')
        .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><p>Something went wrong.</p></body></html>');
    }
  }
}
