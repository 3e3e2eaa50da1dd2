import { Injectable } from '@nestjs/common';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../../config/app-config';

/** `__Host-` in production, where Secure is guaranteed on every response (see below). */
export function screenCookieName(base: string, production: boolean): string {
  return production ? `__Host-${base}` : base;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The attributes of every cookie a screen sets (session and CSRF), decided in one place.
 *
 * cTrader desktop/web shows our screens in an iframe on ITS origin, i.e. cross-site. Browsers do not send
 * SameSite=Lax (or Strict) cookies to a cross-site iframe, so a session or CSRF cookie set there would vanish on
 * the next request. Hence, whenever the browser can accept it (https, or http on loopback, which Chromium and
 * Firefox treat as a secure context):
 *   SameSite=None; Secure; Partitioned; HttpOnly; Path=/
 * `Partitioned` (CHIPS) keys the cookie to the top-level site that frames us: it keeps working where
 * third-party cookies are blocked (Chrome incognito and its 3PC controls; Firefox partitions anyway), and it
 * means a session opened inside cTrader's frame is not the one used on our own pages, and vice versa. Cross-site
 * requests carrying the cookie are harmless because every state-changing screen request needs a CSRF token and a
 * same-origin Sec-Fetch-Site/Origin (ScreenCsrf).
 * On plain http to another host (a dev box on the LAN) Secure cookies are refused by browsers, so we fall back
 * to SameSite=Lax without Secure: framed flows do not keep a session there, top-level ones do. Production is
 * https-only (create-app), so production always gets the first form, plus the `__Host-` name prefix (no Domain,
 * Path=/, Secure: a sibling subdomain cannot plant or overwrite our cookies).
 */
@Injectable()
export class ScreenCookiePolicy {
  constructor(private readonly config: AppConfig) {}

  name(base: string): string {
    return screenCookieName(base, this.config.server.production);
  }

  attributes(request: FastifyRequest, maxAgeSeconds?: number): CookieSerializeOptions {
    const base: CookieSerializeOptions = { path: '/', httpOnly: true, ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
    if (this.secureContext(request)) return { ...base, secure: true, sameSite: 'none', partitioned: true };
    return { ...base, secure: false, sameSite: 'lax' };
  }

  secureContext(request: FastifyRequest): boolean {
    if (this.config.server.production || request.protocol === 'https') return true;
    return LOOPBACK_HOSTS.has((request.hostname ?? '').toLowerCase());
  }
}
