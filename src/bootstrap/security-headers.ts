import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * helmet's headers on every response, with the middleware built once: @fastify/helmet rebuilt the whole helmet
 * middleware on every request (issue #11 profile). Same library, same options, same point in the request
 * (onRequest, on the raw response, so a screen can still take X-Frame-Options off again).
 */
export function registerSecurityHeaders(fastify: FastifyInstance, production: boolean): void {
  const securityHeaders = helmet({
    // CSP is set per screen (per-broker frame-ancestors); HSTS only where TLS is actually in front of us.
    contentSecurityPolicy: false,
    hsts: production ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  fastify.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
}
