import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ScreenException } from '../errors/screen.exception';
import { ScreenCookiePolicy } from './screen-cookie-policy';

/** The form field (and header, for completeness) that carries the token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_COOKIE = 'csrf';

/** Reads the token from a urlencoded body, a multipart body parsed with attachFieldsToBody, or a header. */
export function csrfTokenOf(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  const value = field && typeof field === 'object' && 'value' in field ? field.value : field;
  if (typeof value === 'string') return value;
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

/**
 * CSRF for screen forms, two independent checks (OWASP's "defense in depth"):
 *
 * 1. Synchronizer token via @fastify/csrf-protection in cookie mode: a random secret in an HttpOnly cookie, a
 *    per-render token `salt-HMAC(secret, salt)` in a hidden field; a cross-site page can neither read the token
 *    nor compute it without the secret. The cookie uses ScreenCookiePolicy (SameSite=None; Secure; Partitioned
 *    where possible) so forms keep working inside cTrader's cross-site iframe.
 * 2. Fetch metadata: a form POST made by our own page is `Sec-Fetch-Site: same-origin` (every current browser
 *    sends it); browsers without it send `Origin`, which must name our host. A cross-site POST is refused even if
 *    an attacker somehow planted a cookie.
 *
 * A failure is a 403 page saying the form expired (reload and retry), never a hint about which check failed.
 */
@Injectable()
export class ScreenCsrf {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly cookies: ScreenCookiePolicy,
  ) {}

  /** A fresh token for a form; sets the secret cookie on first use. */
  token(request: FastifyRequest, reply: FastifyReply): string {
    if (typeof reply.generateCsrf !== 'function') throw new Error('registerScreenPlugins() was not called: CSRF is unavailable');
    return reply.generateCsrf(this.cookies.attributes(request));
  }

  async verify(request: FastifyRequest): Promise<void> {
    if (!sameOrigin(request)) throw this.refused();
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (typeof fastify.csrfProtection !== 'function') throw new Error('registerScreenPlugins() was not called: CSRF is unavailable');
    // The plugin's check answers through reply.send(error) or next(); a stand-in reply turns that into a promise
    // so the failure becomes our translated page instead of the plugin's JSON error.
    await new Promise<void>((resolve, reject) => {
      const probe = { send: (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))) } as unknown as FastifyReply;
      try {
        fastify.csrfProtection(request, probe, () => resolve());
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }).catch(() => {
      throw this.refused();
    });
  }

  private refused(): ScreenException {
    return new ScreenException(403, 'errors.formExpired', { retry: true, code: 'CSRF_INVALID' });
  }
}

function sameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return true; // old clients and non-browsers: the token alone decides
  try {
    return new URL(origin).host.toLowerCase() === String(request.host).toLowerCase();
  } catch {
    return false;
  }
}
