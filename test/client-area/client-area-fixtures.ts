import { AppConfig } from '../../src/config/app-config';
import { hashPassword } from '../../src/lib/crypto/password-hash';
import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { UsersService } from '../../src/kernel/users/users.service';
import { SignupSaga } from '../../src/modules/full-sso/services/signup-saga.service';
import { CtraderSimulator } from '../../src/simulator';
import { CookieJar } from '../screens/cookie-jar';
import { ctraderTestConfig, startSimulatorFor } from '../support/simulator-harness';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD } from '../support/test-config';

export const PASSWORD = 'Client-area-pass-1';
export const A = 'brokerName=broker_a&brokerCrmName=crm_shared';

export interface ClientAreaEnv {
  t: TestApp;
  sim: CtraderSimulator;
  close(): Promise<void>;
}

/**
 * The app on the three usual test brokers with the simulator as cTrader; broker_a (every module but Light
 * identity) opens the simulator's own cTrader Web page, whose app side exchanges tokens with this app (4.2).
 */
export async function startClientAreaEnv(mutate: (config: AppConfig) => void = () => undefined): Promise<ClientAreaEnv> {
  const config = ctraderTestConfig();
  const sim = await startSimulatorFor(config);
  for (const b of config.brokers) b.ctraderWebUrl = `${sim.url}/ctrader-web`;
  mutate(config);
  const t = await startTestApp(config);
  sim.configureBrokerServer({ baseUrl: t.baseUrl, password: TEST_CRM_PASSWORD, brokerName: 'broker_a', brokerCrmName: 'crm_shared' });
  return {
    t,
    sim,
    close: async () => {
      await t.close();
      await sim.close();
    },
  };
}

let seq = 0;

/** A trader signed up through the real saga (3.2 → 3.3 → 3.4), with `accounts` linked accounts and a password. */
export async function seedTrader(
  t: TestApp,
  brokerName = 'broker_a',
  accounts = 1,
  firstName = 'Ana',
): Promise<{ user: TraderUser; email: string; logins: number[] }> {
  const email = `client${++seq}.${Date.now()}@example.com`;
  const users = t.app.get(UsersService);
  const broker = t.app.get(BrokerRegistry).findByName(brokerName)!;
  let user = await users.createFullSsoUser(brokerName, {
    email,
    passwordHash: await hashPassword(PASSWORD),
    firstName,
    lastName: 'Trader',
    country: 'CY',
    preferredLanguage: 'en',
    emailVerifiedAt: Date.now(),
  });
  const saga = t.app.get(SignupSaga, { strict: false });
  const trading = broker.config.trading;
  for (let i = 0; i < accounts; i++) {
    user = (
      await saga.completeWithAccount(broker, user, {
        currency: trading.currencies[i % trading.currencies.length],
        leverage: trading.leverages[0],
        accountType: trading.accountTypes[0],
      })
    ).user;
  }
  user = (await users.findById(brokerName, user.id))!;
  const rows = await users.accountsOf(brokerName).find({ where: { userId: user.id }, order: { id: 'ASC' } });
  return { user, email, logins: rows.map((r) => Number(r.login)) };
}

/** Deposits on cTrader directly (3.5), so the dashboard has a balance to read. */
export async function deposit(t: TestApp, brokerName: string, login: number, amount: string): Promise<void> {
  await t.app
    .get(CtraderGateway)
    .changeBalance(brokerName, { login, preciseAmount: amount, type: 'DEPOSIT', externalId: `test-${login}-${amount}-${Date.now()}` });
}

/** fetch with a cookie jar, like a browser on our own pages (same-origin fetch metadata on POST). */
export class ScreenClient {
  constructor(
    readonly baseUrl: string,
    readonly jar = new CookieJar(),
  ) {}

  async get(path: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.baseUrl}${path}`, { redirect: 'manual', headers: { cookie: this.jar.header(), ...headers } });
    this.jar.store(res.headers);
    return { res, html: await res.text() };
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.jar.header(), ...headers },
      body: new URLSearchParams(form).toString(),
    });
    this.jar.store(res.headers);
    return { res, html: await res.text() };
  }

  /** Opens a page and returns the CSRF token of its (first) form. */
  async csrf(path: string): Promise<string> {
    const { html } = await this.get(path);
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no CSRF field on ${path}`);
    return token;
  }

  async login(email: string, password = PASSWORD, query = A) {
    const csrf = await this.csrf(`/client/login?${query}`);
    return this.post(`/client/login?${query}`, { _csrf: csrf, email, password });
  }
}

export const directive = (csp: string | null, name: string) => (csp ?? '').split('; ').find((d) => d.startsWith(`${name} `));
