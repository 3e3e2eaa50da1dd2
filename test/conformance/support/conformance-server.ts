import { ThrottlerStorage } from '@nestjs/throttler';
import { AdminApiKeyService } from '../../../src/kernel/admin-access/admin-api-key.service';
import { AppConfig } from '../../../src/config/app-config';
import { KitOptions } from '../../../src/conformance';
import { Clock } from '../../../src/kernel/clock/clock';
import { CtraderSimulator } from '../../../src/simulator';
import { ctraderTestConfig, startSimulatorFor } from '../../support/simulator-harness';
import { startTestApp, TestApp } from '../../support/test-app';
import { TEST_CRM_PASSWORD } from '../../support/test-config';

export const BROKER = { brokerName: 'broker_a', brokerCrmName: 'crm_shared' } as const;

export interface ConformanceServer {
  t: TestApp;
  sim: CtraderSimulator;
  config: AppConfig;
  adminKey: string;
  /** Kit options against this server (or against `baseUrl`, e.g. a fault proxy in front of it). */
  kitOptions(over?: Partial<KitOptions>): KitOptions;
  close(): Promise<void>;
}

/**
 * A freshly started server exactly as the e2e tests start one (real createApp, real database, the simulator as
 * cTrader), with the broker's frames and cTrader Web pointed at the simulator, as in the demo.
 */
export async function startConformanceServer(opts: { successUrlOnSimulator?: boolean } = {}): Promise<ConformanceServer> {
  const config = ctraderTestConfig();
  const sim = await startSimulatorFor(config);
  const broker = config.brokers.find((b) => b.brokerName === BROKER.brokerName)!;
  broker.frameAncestors = [sim.url];
  broker.ctraderWebUrl = `${sim.url}/ctrader-web`;
  if (opts.successUrlOnSimulator) broker.successUrl = `${sim.url}/app/success`;
  const t = await startTestApp(config);
  // Emailed links (reset password) are absolute: they need the public base URL, known once the port is.
  t.config.server.baseUrl = t.baseUrl;
  sim.configureBrokerServer({ baseUrl: t.baseUrl, password: TEST_CRM_PASSWORD, ...BROKER });
  const adminKey = (await t.app.get(AdminApiKeyService).create({ name: 'conformance kit', role: 'write', brokers: '*' })).key;
  return {
    t,
    sim,
    config,
    adminKey,
    kitOptions: (over = {}) => ({
      baseUrl: t.baseUrl,
      password: TEST_CRM_PASSWORD,
      ...BROKER,
      simulatorUrl: sim.url,
      adminKey,
      // Our own server: the test hook moves its clock instead of a real 61 s wait (reported as such).
      expiryHook: async () => t.app.get(Clock).advance(61_000),
      timeoutMs: 15_000,
      ...over,
    }),
    close: async () => {
      await t.close();
      await sim.close();
    },
  };
}

/** Forgets the in-memory throttle counters of a test server (several kit runs in a row log in from one IP). */
export function resetThrottles(server: ConformanceServer): void {
  const storage = server.t.app.get<{ storage?: Map<string, unknown> }>(ThrottlerStorage, { strict: false });
  storage.storage?.clear();
}
