import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BrokerContext } from '../../broker-identification/broker-context';
import { SCREEN_TEMPLATES } from '../rendering/screen-assets';
import { ScreenRenderer } from '../rendering/screen-renderer.service';
import type { ScreenContext } from '../screen-context';
import { ScreenContextFactory } from '../screen-context.factory';
import { ScreenSecurityHeaders } from '../security/screen-security-headers';
import { describeScreenError } from './screen-error-description';

export type ScreenRequest = FastifyRequest & { broker?: BrokerContext; screen?: ScreenContext };

/**
 * Screen routes answer errors as pages, not JSON: the same branded frame, a translated message, the status kept
 * (400/401/403 from the broker guard, 404 MODULE_DISABLED, 403 CSRF, 429, 500…), and never a token, a stack or
 * an exception message (messages are for developers and might carry input). 5xx are logged with the request id,
 * which the page shows as a reference for support.
 */
@Catch()
@Injectable()
export class ScreenExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ScreenErrors');

  constructor(
    private readonly renderer: ScreenRenderer,
    private readonly contexts: ScreenContextFactory,
    private readonly headers: ScreenSecurityHeaders,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<ScreenRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    const d = describeScreenError(exception);
    if (d.status >= 500) {
      this.logger.error(
        { err: exception instanceof Error ? { name: exception.name, stack: exception.stack } : String(exception), reqId: request.id },
        'screen error',
      );
    }
    for (const [k, v] of Object.entries(d.headers)) reply.header(k, v);
    let ctx: ScreenContext | undefined;
    try {
      ctx = request.screen ?? this.contexts.create(request, request.broker);
      // "Try again" reloads this screen by GET, without its token (a POST that failed is re-shown as a fresh form).
      const retryHref = d.retry === true ? ctx.self() : d.retry;
      const closeHref = this.renderer.closeHref(ctx);
      const actions = [
        ...(retryHref ? [{ href: retryHref, label: ctx.t('common.tryAgain') }] : []),
        ...(closeHref ? [{ href: closeHref, label: ctx.t('common.close'), secondary: !!retryHref }] : []),
      ];
      this.renderer.render(
        reply,
        SCREEN_TEMPLATES.message,
        {
          tone: 'error',
          title: ctx.t(d.titleKey),
          message: ctx.t(d.messageKey, d.params),
          actions,
          reference: d.status >= 500 ? request.id : undefined,
        },
        ctx,
        { status: d.status, closable: true },
      );
    } catch (renderError) {
      // The error page itself failed (a broken template): a minimal page, still with the screen headers.
      this.logger.error(
        { err: renderError instanceof Error ? { name: renderError.name, stack: renderError.stack } : String(renderError), reqId: request.id },
        'error page failed',
      );
      this.headers.apply(reply, request.broker);
      reply
        .status(d.status)
        .header('content-type', 'text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><p>Something went wrong. Please try again.</p></body></html>`,
        );
    }
  }
}
