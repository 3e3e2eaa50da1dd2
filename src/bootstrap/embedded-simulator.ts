import { AppConfig } from '../config/app-config';
import { ReloadPreparer } from '../config/app-config-holder';
import { DEMO_CRM_PASSWORD } from '../config/config-loader';
import { verifyPasswordHashSync } from '../lib/crypto/password-hash';
import { createCtraderSimulator, CtraderSimulator, SimulatorBrokerConfig } from '../simulator';

export interface EmbeddedSimulator {
  baseUrl: string;
  /** The brokers whose cTrader this simulator plays. */
  brokerNames: string[];
  simulator: CtraderSimulator;
  close(): Promise<void>;
}

/**
 * Brokers configured with `ctrader.url: simulator` get the built-in cTrader simulator, started in-process on
 * `simulator.port`; their config then points at it like at any real host (production refuses this at boot).
 */
export async function startEmbeddedSimulator(config: AppConfig, port = config.simulator.port): Promise<EmbeddedSimulator | undefined> {
  const brokers = config.brokers.filter((b) => b.ctrader.url === 'simulator');
  if (brokers.length === 0) return undefined;
  const managers = new Map<string, SimulatorBrokerConfig>();
  for (const b of brokers) {
    const key = `${b.brokerCrmName}/${b.ctrader.managerLogin}`;
    const m = managers.get(key) ?? {
      brokerCrmName: b.brokerCrmName,
      brokerNames: [],
      managerLogin: b.ctrader.managerLogin,
      managerPassword: b.ctrader.managerPassword,
      groups: [],
    };
    m.brokerNames.push(b.brokerName);
    m.groups = [...new Set([...(m.groups ?? []), b.trading.groupName])];
    managers.set(key, m);
  }
  const simulator = createCtraderSimulator({ brokers: [...managers.values()] });
  const baseUrl = await simulator.listen(port, '127.0.0.1');
  for (const b of brokers) b.ctrader.url = baseUrl;
  // The app side (cTrader Web page, app helpers) can play cTrader against the demo broker when its 4.1
  // password is the documented demo one.
  const demo = brokers.find((b) => b.crmApiPasswords.some((h) => verifyPasswordHashSync(DEMO_CRM_PASSWORD, h)));
  if (demo) {
    simulator.configureBrokerServer({
      baseUrl: config.server.baseUrl.replace(/\/$/, '') + config.server.basePath,
      password: DEMO_CRM_PASSWORD,
      brokerName: demo.brokerName,
      brokerCrmName: demo.brokerCrmName,
    });
  }
  return { baseUrl, brokerNames: brokers.map((b) => b.brokerName), simulator, close: () => simulator.close() };
}

/**
 * A reloaded config says `ctrader.url: simulator` again: point those brokers at the running simulator as the boot did.
 * The simulator knows its brokers from the boot, so one it does not play yet needs a restart.
 */
export function embeddedSimulatorReloadPreparer(embedded: EmbeddedSimulator | undefined): ReloadPreparer {
  return (next) => {
    const problems: string[] = [];
    next.brokers.forEach((b, i) => {
      if (b.ctrader.url !== 'simulator') return;
      if (embedded?.brokerNames.includes(b.brokerName)) b.ctrader.url = embedded.baseUrl;
      else problems.push(`brokers[${i}].ctrader.url: the embedded simulator was started without ${b.brokerName}; restart to add a simulated broker`);
    });
    return problems;
  };
}
