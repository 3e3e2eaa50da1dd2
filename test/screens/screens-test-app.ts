import { EventsModule } from '../../src/kernel/events/events.module';
import { JobsModule } from '../../src/kernel/jobs/jobs.module';
import { ObservabilityModule } from '../../src/kernel/observability';
import { HealthModule } from '../../src/kernel/health';
import { CtraderGatewayModule } from '../../src/kernel/ctrader-gateway';
import { UnitOfWorkModule } from '../../src/kernel/database/unit-of-work.module';
import { TokensModule } from '../../src/kernel/tokens/tokens.module';
import { AuditModule } from '../../src/kernel/audit/audit.module';
import { UsersModule } from '../../src/kernel/users/users.module';
import { HousekeepingModule } from '../../src/kernel/housekeeping';
import { createServer } from 'node:net';
import { LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../../src/config/app-config';
import { registerSecurityHeaders } from '../../src/bootstrap/security-headers';
import { AppConfigModule } from '../../src/config/app-config.module';
import { buildConfig } from '../../src/config/config-loader';
import { ModuleKey } from '../../src/config/module-key';
import { DatabaseModule } from '../../src/database/database.module';
import { BrokerIdentificationModule } from '../../src/kernel/broker-identification/broker-identification.module';
import { ContractExceptionFilter } from '../../src/kernel/errors/contract-exception.filter';
import { contractValidationPipe } from '../../src/kernel/errors/contract-validation.pipe';
import { registerScreenPlugins, ScreensModule } from '../../src/kernel/screens';
import { testBroker } from '../support/test-config';
import { freshDatabase } from '../support/test-database';
import { GatedScreenTestController, ScreenTestController } from './screen-test.controller';

export interface ScreensTestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** Same server under another site (http://localhost:PORT): a cross-site parent for framing tests. */
  otherSiteUrl: string;
  logs: string[];
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Two brokers with different branding, languages and frame ancestors. */
export function screensTestConfig(port: number, overrides: Record<string, unknown> = {}): AppConfig {
  const db = freshDatabase();
  return buildConfig(
    {
      server: { port, host: '127.0.0.1', baseUrl: `http://127.0.0.1:${port}` },
      database: { url: db.url, schema: db.schema },
      modules: [ModuleKey.FullSso, ModuleKey.InappActions],
      brokers: [
        testBroker('broker_a', 'crm_a', [ModuleKey.FullSso, ModuleKey.InappActions], {
          frameAncestors: [`http://localhost:${port}`, 'https://app.ctrader.com'],
          successUrl: 'https://crm.aurora.example/callback/success',
          branding: {
            name: 'Aurora Markets',
            legalEntity: 'Aurora Markets Ltd',
            jurisdiction: 'Authorised and regulated by the Demo Financial Services Authority (licence 000/00). Trading involves risk.',
            primaryColor: '#0b5fff',
            defaultLanguage: 'en',
          },
        }),
        testBroker('broker_b', 'crm_b', [ModuleKey.FullSso], {
          frameAncestors: ['https://web.borealis.example'],
          branding: {
            name: 'Borealis FX',
            legalEntity: 'Borealis FX GmbH',
            primaryColor: '#c2185b',
            defaultLanguage: 'de',
            logoUrl: 'https://cdn.borealis.example/logo.svg',
          },
        }),
      ],
      ...overrides,
    },
    {},
  );
}

class CapturingLogger implements LoggerService {
  constructor(private readonly lines: string[]) {}
  log(...m: unknown[]) {
    this.lines.push(JSON.stringify(m));
  }
  error(...m: unknown[]) {
    this.lines.push(JSON.stringify(m));
  }
  warn(...m: unknown[]) {
    this.lines.push(JSON.stringify(m));
  }
  debug(...m: unknown[]) {
    this.lines.push(JSON.stringify(m));
  }
  verbose(...m: unknown[]) {
    this.lines.push(JSON.stringify(m));
  }
}

/**
 * A small Nest app with what a screen needs (config, database, broker identification, the screens kernel) and
 * the test screens, wired the way create-app wires the real one (global contract filter and pipe, helmet, then
 * registerScreenPlugins) — so the screens' own filter provably wins over the JSON one.
 */
export async function startScreensTestApp(configFor: (port: number) => AppConfig = screensTestConfig): Promise<ScreensTestApp> {
  const port = await freePort();
  const config = configFor(port);
  @Module({
    imports: [
      AppConfigModule.forRoot(config),
      DatabaseModule.forRoot(),
      BrokerIdentificationModule,
      AuditModule,
      // DurableEvents (in EventsModule) writes reactions to the job outbox; the queue's gauges need the metrics, and
      // UsersModule's trader import reads cTrader (the gateway needs health's readiness registry).
      ObservabilityModule,
      HealthModule,
      CtraderGatewayModule,
      JobsModule,
      EventsModule,
      UnitOfWorkModule,
      TokensModule,
      UsersModule,
      ScreensModule,
      // Kernel parts (PasswordLogin) register what housekeeping purges.
      HousekeepingModule,
    ],
    controllers: [ScreenTestController, GatedScreenTestController],
  })
  class ScreensTestModule {}

  const logs: string[] = [];
  const app = await NestFactory.create<NestFastifyApplication>(ScreensTestModule, new FastifyAdapter({ logger: false }), {
    logger: new CapturingLogger(logs),
    abortOnError: false,
  });
  app.useGlobalPipes(contractValidationPipe());
  app.useGlobalFilters(new ContractExceptionFilter());
  const fastify = app.getHttpAdapter().getInstance();
  // helmet as create-app registers it: its X-Frame-Options must not reach a screen (CSP frame-ancestors rules).
  registerSecurityHeaders(fastify, false);
  await registerScreenPlugins(fastify, config);
  // A page on another site that frames a screen (the way cTrader Web frames us).
  fastify.get('/frame-host', async (request, reply) => {
    const raw = (request.query as Record<string, unknown>).src;
    const src = typeof raw === 'string' ? raw : '';
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .send(
        `<!doctype html><html><body style="margin:0"><iframe id="screen" title="screen" src="${src.replace(/"/g, '&quot;')}" style="width:400px;height:700px;border:0"></iframe></body></html>`,
      );
  });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    otherSiteUrl: `http://localhost:${port}`,
    logs,
    close: () => app.close(),
  };
}
