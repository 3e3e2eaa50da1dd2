import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';

/** The fields of the access log line; nothing else of the request is in it. */
export interface AccessLogLine {
  requestId: string;
  method: string;
  /** The route template as registered (`/admin/brokers/:brokerName/jobs/:id`), `unmatched` without a route: never the URL itself. */
  route: string;
  status: number;
  durationMs: number;
  /** The broker the request was identified for (a configured name), when it got that far. */
  broker?: string;
}

/**
 * One line per request, every route alike (Nest's, the direct cTrader routes, 404s), written from Fastify's
 * onResponse hook (create-app) — the only request line: pino-http's own is off (logger.module.ts).
 * Redacted by construction: the route *template* stands for the URL, so no path segment, query string, header or
 * body of the request can reach it; the broker is the configured name the request was resolved to, never the raw
 * parameter. Level by outcome: info for success and redirects, warn for 4xx, error for 5xx — all at or above
 * the default `info`, so an operator sees each request exactly once.
 */
export function logAccess(request: FastifyRequest, reply: FastifyReply, route: string): void {
  const logger = PinoLogger.root;
  const status = reply.statusCode;
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  if (!logger?.isLevelEnabled(level)) return;
  const line: AccessLogLine = {
    requestId: String(request.id),
    method: request.method,
    route,
    status,
    durationMs: Math.round(reply.elapsedTime * 10) / 10,
  };
  const broker = identifiedBroker(request);
  if (broker) line.broker = broker;
  logger[level](line, `${request.method} ${route} ${status}`);
}

/** Set by BrokerIdentificationGuard (or a direct route) and by the admin broker routes. */
function identifiedBroker(request: FastifyRequest): string | undefined {
  const r = request as FastifyRequest & { broker?: { brokerName: string }; adminBroker?: { brokerName: string } };
  return r.broker?.brokerName ?? r.adminBroker?.brokerName;
}
