// Standalone cTrader simulator: `npm run simulator` or `node dist/src/simulator/standalone.js`.
// Env: SIMULATOR_PORT (3100), SIMULATOR_HOST (127.0.0.1), SIMULATOR_CONFIG (YAML), SIM_MANAGER_PASSWORD,
// BROKER_SERVER_URL + BROKER_SERVER_PASSWORD (+ BROKER_NAME, BROKER_CRM_NAME) for the app side, SIMULATOR_LOG=true.
import { createCtraderSimulator } from './ctrader-simulator';
import { loadStandaloneSettings } from './standalone-config';

async function main(): Promise<void> {
  const settings = loadStandaloneSettings();
  const sim = createCtraderSimulator(settings.options);
  if (settings.brokerServer) sim.configureBrokerServer(settings.brokerServer);
  const url = await sim.listen(settings.port, settings.host);
  const brokers = settings.options.brokers.map((b) => `${b.brokerCrmName} [${b.brokerNames.join(', ')}] manager ${b.managerLogin}`);
  process.stdout.write(`cTrader simulator listening on ${url}\n`);
  process.stdout.write(`  CT base URLs: ${url}/cid and ${url}/v2; controls under ${url}/__sim\n`);
  process.stdout.write(`  brokers: ${brokers.join('; ')}\n`);
  if (settings.brokerServer) process.stdout.write(`  app side -> ${settings.brokerServer.baseUrl}\n`);
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`cTrader simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
