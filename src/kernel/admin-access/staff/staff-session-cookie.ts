import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../../config/app-config';
import { ContractException, ErrorCode } from '../../errors';
import { ScreenCsrf } from '../../screens';
import { staffSessionCookieName } from '../admin-auth.guard';
import { staffPrincipal, StaffService } from './staff.service';
import type { StaffSessionResolver } from '../staff-session-resolver';

/**
 * The staff session cookie: HttpOnly, Secure, SameSite=Strict, Path=/ (`__Host-` in production). Strict means no
 * cross-site request ever carries it, and every state-changing request made with it needs the CSRF token too (the
 * screens kernel's @fastify/csrf-protection secret; the token is returned by the session endpoints and rendered by
 * the back-office pages with `csrfField()`), so server-rendered pages can use this session as is.
 */
@Injectable()
export class StaffSessionCookie implements StaffSessionResolver {
  constructor(
    private readonly staff: StaffService,
    private readonly config: AppConfig,
    private readonly csrf: ScreenCsrf,
  ) {}

  get name(): string {
    return staffSessionCookieName(this.config.server.production);
  }

  read(request: FastifyRequest): string | undefined {
    return (request.cookies as Record<string, string | undefined> | undefined)?.[this.name];
  }

  set(reply: FastifyReply, sessionId: string): void {
    reply.setCookie(this.name, sessionId, { path: '/', httpOnly: true, secure: true, sameSite: 'strict', maxAge: this.staff.cookieMaxAgeSeconds() });
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(this.name, { path: '/', httpOnly: true, secure: true, sameSite: 'strict' });
  }

  /** A CSRF token for the next state-changing request (header `x-csrf-token` or form field `_csrf`). */
  csrfToken(request: FastifyRequest, reply: FastifyReply): string {
    return this.csrf.token(request, reply);
  }

  async resolve(cookie: string) {
    const view = await this.staff.resume(cookie);
    if (!view) return null;
    return { principal: staffPrincipal(view.member), complete: view.session.stage === 'full' };
  }

  async verifyCsrf(request: FastifyRequest): Promise<void> {
    try {
      await this.csrf.verify(request);
    } catch {
      throw new ContractException(ErrorCode.CsrfInvalid, 'Missing or invalid CSRF token (x-csrf-token), or a cross-site request');
    }
  }
}
