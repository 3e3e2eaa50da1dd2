import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { screenCookieName } from './security/screen-cookie-policy';
import { CSRF_COOKIE, csrfTokenOf } from './security/screen-csrf.service';

/**
 * The Fastify plugins the screens need, registered once by create-app before the app listens.
 *
 * - @fastify/cookie: parses `request.cookies`, adds `reply.setCookie` (no signing secret: session cookies are
 *   256-bit random values looked up by their SHA-256, so a forged one simply finds nothing).
 * - @fastify/csrf-protection in cookie mode (see ScreenCsrf for the design). The cookie attributes given here
 *   are only defaults: every token is generated with ScreenCookiePolicy's per-request attributes.
 *
 * Not registered, on purpose:
 * - @fastify/formbody: Nest's FastifyAdapter already registers an `application/x-www-form-urlencoded` parser
 *   (fast-querystring, the same parser formbody uses) during app.init(); a second registration would make
 *   Fastify throw FST_ERR_CTP_ALREADY_PRESENT.
 * - @fastify/view: ScreenRenderer drives Eta directly (one configured instance, per-request CSP and headers,
 *   translation and CSRF helpers in the template data) instead of a `reply.view` decorator.
 */
export async function registerScreenPlugins(fastify: FastifyInstance, config: AppConfig): Promise<void> {
  if (!fastify.hasPlugin('@fastify/cookie')) await fastify.register(fastifyCookie as never, {});
  await fastify.register(fastifyCsrf as never, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: screenCookieName(CSRF_COOKIE, config.server.production),
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.server.production },
    getToken: csrfTokenOf,
    logLevel: 'debug',
  });
}
