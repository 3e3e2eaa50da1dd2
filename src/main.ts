import 'reflect-metadata';
import { AppConfig } from './config/app-config';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/config-loader';
import { MASK } from './config/secret-ref';
import { maskUrlCredentials } from './lib/redaction/url-credentials';
import { bootstrapAdminKey } from './bootstrap/bootstrap-admin-key';
import { createApp } from './bootstrap/create-app';
import { shutDownGracefully } from './bootstrap/graceful-shutdown';
import { embeddedSimulatorReloadPreparer, startEmbeddedSimulator } from './bootstrap/embedded-simulator';
import { AppConfigHolder } from './config/app-config-holder';
import { ConfigReloadService } from './admin/config-reload.service';
import { DEMO_TRADER, seedDemoTrader } from './bootstrap/demo-seed';
import { ReadinessCheckRegistry } from './kernel/health';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const simulator = await startEmbeddedSimulator(config);
  // A reload reads the same file and environment again (secret files too, so a rotated one is picked up).
  const app = await createApp(config, { configSource: () => loadConfig() });
  app.get(AppConfigHolder).addPreparer(embeddedSimulatorReloadPreparer(simulator));
  const generatedKey = await bootstrapAdminKey(app, config);
  // The demo is ready when its trader can log in: /health/ready answers 503 until the seed has run (issue #18).
  let demoSeeded = !simulator;
  app.get(ReadinessCheckRegistry).register(() => Promise.resolve({ demoSeed: { status: demoSeeded ? 'up' : 'down' } }));
  await app.listen({ port: config.server.port, host: config.server.host });
  if (simulator) {
    process.stdout.write('Seeding the demo trader through the signup saga …\n');
    await seedDemoTrader(app, config, simulator.brokerNames);
    demoSeeded = true;
  }
  const base = config.server.baseUrl.replace(/\/$/, '') + config.server.basePath;
  const lines = [
    '',
    `ctrader-broker-integration is listening on ${config.server.host}:${config.server.port}`,
    `  Admin console (Swagger):  ${base}/docs`,
    `  Readiness:                ${base}/health/ready`,
    `  Database:                 ${maskUrlCredentials(config.database.url, MASK)}`,
    `  Brokers:                  ${config.brokers.map((b) => `${b.brokerName} (${b.brokerCrmName}): ${b.modules.join(', ')}`).join('; ')}`,
  ];
  if (simulator) lines.push(`  cTrader simulator:        ${simulator.baseUrl}  (read-back under ${simulator.baseUrl}/__sim/…)`);
  if (simulator)
    lines.push(`  App simulator page:       ${simulator.baseUrl.replace('127.0.0.1', 'localhost')}/app  (click through the integration as a cTrader app)`);
  if (simulator)
    lines.push(`  Demo login:               ${base}/auth/login?brokerName=${simulator.brokerNames[0]}  (${DEMO_TRADER.email} / ${DEMO_TRADER.password})`);
  if (generatedKey) lines.push(`  Admin API key (shown once, store it): ${generatedKey}`);
  process.stdout.write(lines.join('\n') + '\n\n');
  // Signals are handled here only (createApp does not enable Nest's shutdown hooks, which would close the app a
  // second time and re-raise the signal before the drain is done).
  const shutdown = async () => {
    const outcome = await shutDownGracefully(app, { timeoutMs: config.server.shutdownTimeoutMs });
    await simulator?.close();
    process.exit(outcome === 'drained' ? 0 : 1);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  // SIGHUP: re-read the configuration (this process only; with several instances, signal each one).
  process.on('SIGHUP', () => {
    app
      .get(ConfigReloadService)
      .reload('signal:SIGHUP')
      .catch((error: unknown) => process.stderr.write(`configuration reload failed: ${(error as Error).message}\n`));
  });
}

void main();
