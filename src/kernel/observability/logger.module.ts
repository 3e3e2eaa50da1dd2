import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../../config/app-config';
import { secretSettingNames } from '../../config/secret';
import { DirectRouteRegistry } from '../direct-routes/direct-route-registry';
import { redactHeaders, redactResponseHeaders, redactUrl } from './log-redaction';

/** Where log lines go: stdout in production, a stream in tests (so a test can read every line). */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/** Structured JSON logs (pino) with one request id per request and no secrets (contract §1.6). */
@Module({})
export class AppLoggerModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: AppLoggerModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig, DirectRouteRegistry],
          useFactory: (config: AppConfig, directRoutes: DirectRouteRegistry) => {
            const options: Options = {
              level: config.logLevel,
              genReqId: (req) => (typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : ''),
              // Belt and braces: paths that could ever carry a credential are censored even if logged by mistake.
              redact: {
                paths: [
                  'req.headers.authorization',
                  'req.headers.cookie',
                  'res.headers["set-cookie"]',
                  '*.password',
                  '*.token',
                  '*.accessToken',
                  '*.crmApiToken',
                  '*.inappToken',
                  // Every config setting marked @Secret, should a config object ever be logged.
                  ...secretSettingNames().map((name) => `*.${name}`),
                ],
                censor: '[redacted]',
              },
              serializers: {
                req: (req: { id: string; method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: redactUrl(req.url),
                  headers: redactHeaders(req.headers),
                  remoteAddress: req.remoteAddress,
                }),
                res: (res: { statusCode: number; headers?: Record<string, unknown> }) => ({
                  statusCode: res.statusCode,
                  headers: redactResponseHeaders(res.headers),
                }),
              },
              // Failures always; successful requests only at debug. 4.3 runs on every app start: an info line per
              // success costs ~10 % of its throughput (issue #11 profile) and the reverse proxy keeps access logs.
              customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug'),
            };
            return {
              pinoHttp: destination ? [options, destination] : options,
              // Direct routes (kernel/direct-routes) write their own request line; read when the middleware is bound,
              // after every module has registered its direct routes.
              get exclude() {
                return directRoutes.list().map((r) => ({ method: RequestMethod[r.method], path: r.path.slice(1) }));
              },
            };
          },
        }),
      ],
    };
  }
}
