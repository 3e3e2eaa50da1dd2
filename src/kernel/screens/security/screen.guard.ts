import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { ScreenRequest } from '../errors/screen-exception.filter';
import { ScreenContextFactory } from '../screen-context.factory';
import { ScreenCsrf } from './screen-csrf.service';
import { ScreenSecurityHeaders } from './screen-security-headers';

export const SKIP_CSRF = 'screens:skipCsrf';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Runs after BrokerIdentificationGuard on every screen route: builds the ScreenContext (request.screen), sets the
 * screen headers before anything else can answer (so redirects carry them too), and refuses any state-changing
 * request without a valid CSRF token — CSRF is on by construction, a screen cannot forget it.
 */
@Injectable()
export class ScreenGuard implements CanActivate {
  constructor(
    private readonly contexts: ScreenContextFactory,
    private readonly headers: ScreenSecurityHeaders,
    private readonly csrf: ScreenCsrf,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ScreenRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    request.screen = this.contexts.create(request, request.broker);
    this.headers.apply(reply, request.broker);
    const skip = this.reflector.getAllAndOverride<boolean | undefined>(SKIP_CSRF, [context.getHandler(), context.getClass()]);
    if (UNSAFE_METHODS.has(request.method) && !skip) await this.csrf.verify(request);
    return true;
  }
}
