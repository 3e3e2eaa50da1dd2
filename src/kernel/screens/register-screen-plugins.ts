import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyMultipart from '@fastify/multipart';
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
 * - @fastify/multipart, for screens that take file uploads (KYC). Nothing is parsed up front (no
 *   attachFieldsToBody): a route reads the parts as a stream with its own limits (`request.parts({ limits })`),
 *   so no upload is buffered in memory and the JSON/form `bodyLimit` of every other route is untouched. Only
 *   routes marked `@RouteConfig({ multipart: true })` accept a multipart body; everywhere else it is still
 *   415 UNSUPPORTED_MEDIA_TYPE, as before the plugin was registered.
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
  await fastify.register(fastifyMultipart as never, {
    // Defaults for a route that forgets its own limits: one small file, few fields.
    limits: { fileSize: config.server.bodyLimitBytes, files: 1, fields: 20, parts: 30, fieldSize: 64 * 1024, headerPairs: 100 },
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    const routeConfig = request.routeOptions?.config as { multipart?: boolean } | undefined;
    if (request.isMultipart() && routeConfig?.multipart !== true) {
      done(Object.assign(new Error('Unsupported Media Type: multipart/form-data'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }));
      return;
    }
    done();
  });
}
