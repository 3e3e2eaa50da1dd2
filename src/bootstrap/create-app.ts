import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule, AppModuleOptions } from '../app.module';
import { registerSecurityHeaders } from './security-headers';
import { registerScreenPlugins } from '../kernel/screens';
import { AppConfig } from '../config/app-config';
import { AppConfigHolder } from '../config/app-config-holder';
import {
  ContractException,
  ContractExceptionFilter,
  contractValidationPipe,
  ErrorCode,
  exceedsDepth,
  MAX_BODY_DEPTH,
  replyWithContractError,
} from '../kernel/errors';
import { InFlightRequests, logAccess, MetricsService } from '../kernel/observability';
import { DirectRouteRegistry } from '../kernel/direct-routes';
import { httpsRedirectTarget, registerBodyParsers } from '../kernel/http';
import { API_TAG_DESCRIPTIONS, ApiTag, documentSharedExamples } from '../kernel/openapi';

export interface CreateAppOptions extends AppModuleOptions {
  logDestination?: DestinationStream;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Routes a load balancer or Prometheus reaches over plain HTTP inside the network. */
const PLAIN_HTTP_ALLOWED = /^\/(health|metrics)(\/|$)/;

/** Builds the whole server exactly as `npm start` does; tests call it with their own config. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.server.bodyLimitBytes,
    // X-Forwarded-* only from the configured proxies (conformance 6.1.8 must not be fooled by a forged header).
    trustProxy: config.server.trustedProxies.length ? config.server.trustedProxies : false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    ...(config.server.tls ? { https: { cert: readFileSync(config.server.tls.certFile), key: readFileSync(config.server.tls.keyFile) } } : {}),
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  registerBodyParsers(app);
  if (config.server.basePath) app.setGlobalPrefix(config.server.basePath);
  app.useGlobalPipes(contractValidationPipe());
  app.useGlobalFilters(new ContractExceptionFilter());

  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  // Before Nest maps any route (that happens in init/listen): the hot cTrader routes get their direct handlers.
  const directRoutes = app.get(DirectRouteRegistry);
  const liveConfig = app.get(AppConfigHolder);
  fastify.addHook('onRoute', (route) => directRoutes.adopt(route, config.server.basePath));
  // Callback-style hooks (no promise per hook per request, issue #11); an early answer sends and skips `done`.
  const inFlight = app.get(InFlightRequests);
  fastify.addHook('onRequest', (request, reply, done) => {
    inFlight.track(reply.raw);
    reply.header('x-request-id', request.id);
    if (config.server.production && request.protocol !== 'https' && !PLAIN_HTTP_ALLOWED.test(request.url.slice(config.server.basePath.length))) {
      // Contract §1.1: cTrader-facing and screen routes are HTTPS only; a POST is refused, never redirected.
      if (request.method === 'GET' || request.method === 'HEAD') {
        reply.redirect(httpsRedirectTarget(liveConfig.current, request.hostname, request.url), 308);
        return;
      }
      replyWithContractError(new ContractException(ErrorCode.HttpsRequired, 'HTTPS is required'), request, reply);
      return;
    }
    done();
  });
  fastify.addHook('preValidation', (request, reply, done) => {
    if (request.body && typeof request.body === 'object' && exceedsDepth(request.body)) {
      replyWithContractError(new ContractException(ErrorCode.InvalidRequest, `The request body nests deeper than ${MAX_BODY_DEPTH} levels`), request, reply);
      return;
    }
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    logAccess(request, reply, route);
    done();
  });
  registerSecurityHeaders(fastify, config.server.production);
  await registerScreenPlugins(fastify, config);

  const builder = new DocumentBuilder()
    .setTitle('ctrader-broker-integration')
    .setDescription(
      'The broker side of cTrader Full integration: the 4.x API cTrader calls, the screens, and the admin console. ' +
        'Admin routes take `Authorization: Bearer <admin key>` (npm run admin -- create-key). Every error body is `{ error, message, code }`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin API key' }, 'admin-key')
    // Staff sessions (issue #19): POST /admin/session/login and /2fa set it; writes also need x-csrf-token.
    .addCookieAuth(
      config.server.production ? '__Host-staff_session' : 'staff_session',
      { type: 'apiKey', in: 'cookie', description: 'Staff session' },
      'staff-session',
    );
  // One tag per module, in this order (issue #19).
  for (const tag of Object.values(ApiTag)) builder.addTag(tag, API_TAG_DESCRIPTIONS[tag]);
  const document = documentSharedExamples(SwaggerModule.createDocument(app, builder.build()));
  // persistAuthorization: the admin key (or the staff cookie) survives a reload of the console.
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    useGlobalPrefix: true,
    swaggerOptions: { persistAuthorization: true },
  });
  return app;
}
