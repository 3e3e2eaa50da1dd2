import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';
import type { Options } from 'pino-http';
import { AppConfig } from '../../config/app-config';
import { secretSettingNames } from '../../config/secret';
import { DirectRouteRegistry } from '../direct-routes/direct-route-registry';
import { redactHeaders, redactResponseHeaders, redactUrl } from './log-redaction';

/** Where log lines go: stdout in production, a stream in tests (so a test can read every line). */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/**
 * Where the lines go when no destination is given: human-readable (pino-pretty) when stdout is a terminal, a
 * person reading `npm start`; JSON lines otherwise, for whatever collects them (container runtime, journald).
 * Written to the terminal stream itself, which Node writes synchronously, so nothing is lost at exit.
 */
export function defaultLogDestination(stdout: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout): DestinationStream | undefined {
  if (!stdout.isTTY) return undefined;
  return pinoPretty({ destination: stdout, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,req.headers,req.remoteAddress' });
}

/** Structured JSON logs (pino) with one request id per request and no secrets (contract §1.6). */
@Module({})
export class AppLoggerModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    const stream = destination ?? defaultLogDestination();
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
              // The request line is the access log (access-log.ts, from Fastify's onResponse hook, for every route):
              // pino-http's own would be a second line per request, with the URL.
              autoLogging: false,
            };
            return {
              pinoHttp: stream ? [options, stream] : options,
              // Direct routes (kernel/direct-routes) skip pino-http's per-request child logger (issue #11); read when
              // the middleware is bound, after every module has registered its direct routes.
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
