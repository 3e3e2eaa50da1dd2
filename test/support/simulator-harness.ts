import { AppConfig } from '../../src/config/app-config';
import { ModuleKey } from '../../src/config/module-key';
import { startEmbeddedSimulator } from '../../src/bootstrap/embedded-simulator';
import { AppConfigHolder } from '../../src/config/app-config-holder';
import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { CtraderGatewayOptions } from '../../src/kernel/ctrader-gateway/ctrader-gateway.options';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { ReadinessCheckRegistry } from '../../src/kernel/health/readiness-check.registry';
import { MetricsService } from '../../src/kernel/observability/metrics.service';
import { CtraderSimulator } from '../../src/simulator';
import { recordSimulatorSecrets } from './issued-secrets';
import { testBroker, testConfig } from './test-config';
import { Clock } from '../../src/kernel/clock';

export const TEST_MANAGER_PASSWORD = 'test-manager-password';

export interface CtraderTestSettings {
  /** ctrader.timeoutMs of every broker (short in tests: timeouts are injected). */
  timeoutMs?: number;
  nonGetPerSecond?: number;
  /** Further raw config (merged over testConfig's defaults). */
  raw?: Record<string, unknown>;
}

/**
 * The usual three test brokers, each pointing its cTrader at the simulator (`ctrader.url: simulator`):
 * broker_a and broker_b share crm_shared (one manager), broker_c has crm_c (another manager).
 */
export function ctraderTestConfig(settings: CtraderTestSettings = {}): AppConfig {
  const ctrader = (managerLogin: number) => ({
    url: 'simulator',
    managerLogin,
    managerPassword: { env: 'TEST_CT_PASSWORD', default: TEST_MANAGER_PASSWORD },
    timeoutMs: settings.timeoutMs ?? 1000,
    nonGetPerSecond: settings.nonGetPerSecond ?? 200,
  });
  return testConfig({
    brokers: [
      testBroker(
        'broker_a',
        'crm_shared',
        Object.values(ModuleKey).filter((m) => m !== ModuleKey.LightIdentity),
        { ctrader: ctrader(2309) },
      ),
      testBroker('broker_b', 'crm_shared', [ModuleKey.FullSso], { ctrader: ctrader(2309) }),
      testBroker('broker_c', 'crm_c', [ModuleKey.LightIdentity, ModuleKey.InappActions], { ctrader: ctrader(2310) }),
    ],
    ...(settings.raw ?? {}),
  });
}

/**
 * Starts the simulator for every broker of `config` whose `ctrader.url` is `simulator` (the same code path as
 * `npm start`), on a random port, and rewrites those brokers' `ctrader.url` to it.
 */
export async function startSimulatorFor(config: AppConfig): Promise<CtraderSimulator> {
  const embedded = await startEmbeddedSimulator(config, 0);
  if (!embedded) throw new Error('no broker of this config uses the simulator');
  recordSimulatorSecrets(
    embedded.simulator,
    config.brokers.map((b) => b.ctrader.managerPassword),
  );
  return embedded.simulator;
}

export interface StandaloneGateway {
  gateway: CtraderGateway;
  brokers: BrokerRegistry;
  metrics: MetricsService;
  readiness: ReadinessCheckRegistry;
  close(): Promise<void>;
}

/** A CtraderGateway built without Nest (same constructor Nest uses), for tests that tune its retry options. */
export function standaloneGateway(config: AppConfig, options: Partial<CtraderGatewayOptions> = {}): StandaloneGateway {
  const brokers = new BrokerRegistry(new AppConfigHolder(config));
  const metrics = new MetricsService();
  const readiness = new ReadinessCheckRegistry();
  const gateway = new CtraderGateway(new Clock(), brokers, metrics, readiness, options);
  gateway.onModuleInit();
  return { gateway, brokers, metrics, readiness, close: () => gateway.onApplicationShutdown() };
}

/** Sets environment variables for the duration of a suite; returns the restore function. */
export function withEnv(vars: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
