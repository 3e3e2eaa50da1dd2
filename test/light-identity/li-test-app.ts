import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { ModuleKey } from '../../src/config/module-key';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { TradingAccount } from '../../src/kernel/users/trading-account.entity';
import { CtraderSimulator } from '../../src/simulator';
import { ctraderTestConfig, startSimulatorFor } from '../support/simulator-harness';
import { testBroker } from '../support/test-config';
import { CookieJar } from '../screens/cookie-jar';
import { startTestApp, TestApp } from '../support/test-app';
import { InappProbeScreenModule } from './inapp-probe-screen.controller';

export const LI_BROKER = 'broker_c';
export const LI_CRM = 'crm_c';
export const PROBE = '/test-inapp/probe';

/** startTestApp (same createApp as npm start, same log and secret recording) plus the test-only in-app probe screen. */
export function startLiTestApp(config: AppConfig): Promise<TestApp> {
  return startTestApp(config, { extraModules: [InappProbeScreenModule] });
}

/** The usual three brokers on one simulator (broker_c on Light identity + InAppActions) and the app. */
export async function startLiStack(timeoutMs = 1000): Promise<{ t: TestApp; sim: CtraderSimulator; config: AppConfig }> {
  const config = ctraderTestConfig({ timeoutMs });
  const sim = await startSimulatorFor(config);
  const t = await startLiTestApp(config);
  return { t, sim, config };
}

/**
 * The same database and simulator, restarted with broker_c's modules replaced (e.g. Light identity → Full SSO):
 * what a broker does by editing its config.
 */
export function reconfigured(config: AppConfig, sim: CtraderSimulator, brokerCModules: ModuleKey[]): AppConfig {
  const ctrader = (managerLogin: number) => ({
    url: 'simulator',
    managerLogin,
    managerPassword: { env: 'TEST_CT_PASSWORD', default: 'test-manager-password' },
    timeoutMs: 1000,
    nonGetPerSecond: 200,
  });
  const next = ctraderTestConfig({
    raw: {
      database: { url: config.database.url, schema: config.database.schema },
      brokers: [
        testBroker(
          'broker_a',
          'crm_shared',
          Object.values(ModuleKey).filter((m) => m !== ModuleKey.LightIdentity),
          { ctrader: ctrader(2309) },
        ),
        testBroker('broker_b', 'crm_shared', [ModuleKey.FullSso], { ctrader: ctrader(2309) }),
        testBroker(LI_BROKER, LI_CRM, brokerCModules, { ctrader: ctrader(2310) }),
      ],
    },
  });
  for (const b of next.brokers) b.ctrader.url = sim.url;
  return next;
}

let nextLogin = 0;
/** A real trader of `brokerName` at the simulator (3.3 through the app's gateway), so LI can name its login. */
export async function createTrader(t: TestApp, brokerName: string, currency = 'EUR'): Promise<number> {
  const trader = await t.app.get(CtraderGateway).createTrader(brokerName, {
    accessRights: 'FULL_ACCESS',
    accountType: 'HEDGED',
    balance: 0,
    depositCurrency: currency,
    groupName: 'Default',
    traderPassword: `Trader-pass-${++nextLogin}`,
    leverageInCents: 20000,
    totalMarginCalculationType: 'MAX',
  });
  return trader.login;
}

export function usersOf(t: TestApp) {
  return t.app.get(DataSource).getRepository(TraderUser);
}

export function accountsOf(t: TestApp) {
  return t.app.get(DataSource).getRepository(TradingAccount);
}

export interface Opened {
  status: number;
  location: string | null;
  html: string;
}

/** GET like a browser without following redirects; cookies go in and out of the jar. `path` is app-relative. */
export async function open(t: TestApp, path: string, jar: CookieJar, headers: Record<string, string> = {}): Promise<Opened> {
  return openUrl(`${t.baseUrl}${path}`, jar, headers);
}

async function openUrl(url: string, jar: CookieJar, headers: Record<string, string> = {}): Promise<Opened> {
  const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(), ...headers } });
  jar.store(res.headers);
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

/** Opens a screen and follows its redirects (at most 5), as the app's web view would. */
export async function openFollowing(t: TestApp, path: string, jar: CookieJar, headers: Record<string, string> = {}): Promise<Opened & { hops: number }> {
  let url = `${t.baseUrl}${path}`;
  for (let hops = 0; hops < 5; hops++) {
    const r = await openUrl(url, jar, headers);
    if (r.status !== 303 && r.status !== 302) return { ...r, hops };
    url = new URL(r.location ?? '', url).href;
  }
  throw new Error('too many redirects');
}
