import Fastify, { FastifyError, FastifyInstance } from 'fastify';
import { CtraderError, CtraderErrorCode } from './ctrader-error';
import { redactUrl } from './redaction';

/**
 * The bare Fastify server of the simulator: JSON parsing, CT's `{ errorCode, description }` error body for
 * everything (including framework errors and unknown routes), and logs that never carry a token.
 */
export function createSimulatorHttpApp(logger: boolean): FastifyInstance {
  const app = Fastify({
    logger: logger
      ? {
          level: 'info',
          // The webservToken travels in the query string (contract §1.5): the default serializer would log it.
          serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }) },
        }
      : false,
    // Held 'timeout' sockets and keep-alive connections must not make close() wait.
    forceCloseConnections: true,
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    const source = typeof text === 'string' ? text : text.toString('utf8');
    // Query-only calls (3.12, 3.13) may arrive with a JSON content type and no body; that is not an error.
    if (source.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(source));
    } catch {
      done(CtraderError.invalidRequest('Malformed JSON body'));
    }
  });

  app.setErrorHandler((error: FastifyError | CtraderError, request, reply) => {
    if (error instanceof CtraderError) {
      return reply.code(error.status).send(error.toBody());
    }
    const status = error.statusCode ?? 500;
    if (status === 415) {
      return reply.code(415).send({ errorCode: CtraderErrorCode.UnsupportedMediaType, description: 'Send JSON (application/json)' });
    }
    if (status >= 400 && status < 500) {
      return reply.code(400).send({ errorCode: CtraderErrorCode.InvalidRequest, description: error.message });
    }
    request.log.error({ err: error }, 'simulator error');
    return reply.code(500).send({ errorCode: CtraderErrorCode.InternalServerError, description: 'Internal simulator error' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ errorCode: CtraderErrorCode.NotFound, description: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );

  return app;
}
