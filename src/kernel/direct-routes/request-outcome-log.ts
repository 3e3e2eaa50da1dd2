import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';

/**
 * The line pino-http writes when a request ends, for the direct routes it does not see: error for 5xx, warn for
 * 4xx, debug for successes (the levels of logger.module.ts), through pino-http's own logger (PinoLogger.root) so
 * the line has the same serializers and redaction — `req` with the redacted url and headers.
 * The debug line costs nothing when debug is off: its level is checked before anything is built.
 */
export function logRequestOutcome(request: FastifyRequest, reply: FastifyReply): void {
  const logger = PinoLogger.root;
  const status = reply.statusCode;
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'debug';
  if (!logger?.isLevelEnabled(level)) return;
  const req = { id: request.id, method: request.method, url: request.url, headers: request.headers, socket: request.raw.socket };
  // No `err`: a 5xx itself is logged (name and stack only) by replyWithContractError.
  logger[level]({ req, res: reply.raw, responseTime: Math.round(reply.elapsedTime) }, status >= 500 ? 'request errored' : 'request completed');
}
