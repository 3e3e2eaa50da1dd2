import { AppConfig } from '../../src/config/app-config';
import { HostedProviderConfig, PaymentLimitsConfig, PaymentsConfig } from '../../src/config/payments-config';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { UsersService } from '../../src/kernel/users/users.service';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { CookieJar } from '../screens/cookie-jar';
import { seedUser } from '../support/seed';
import { ctraderTestConfig } from '../support/simulator-harness';
import { http, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD } from '../support/test-config';

export const HOSTED_SECRET = 'test-hosted-secret-0123456789';
export const Q = 'brokerName=broker_a&brokerCrmName=crm_shared';

/** Fast job retries for tests (set before the apps start). */
export const FAST_JOBS_ENV = {
  JOBS_POLL_INTERVAL_MS: '20',
  JOBS_BACKOFF_BASE_MS: '20',
  JOBS_BACKOFF_MAX_MS: '200',
  JOBS_LEASE_MS: '3000',
  JOBS_MAX_ATTEMPTS: '30',
};

/** The usual simulator-backed test brokers; broker_a offers manual and hosted payments in USD and EUR. */
export function paymentsTestConfig(paymentPageUrl: string, settings: { timeoutMs?: number } = {}): AppConfig {
  const config = ctraderTestConfig({ timeoutMs: settings.timeoutMs ?? 1000, nonGetPerSecond: 1000 });
  const payments = Object.assign(new PaymentsConfig(), {
    providers: ['manual', 'hosted'],
    currencies: ['USD', 'EUR'],
    deposit: Object.assign(new PaymentLimitsConfig(), { minMinor: 1000, maxMinor: 1_000_000 }),
    withdrawal: Object.assign(new PaymentLimitsConfig(), { minMinor: 500, maxMinor: 1_000_000 }),
    hosted: Object.assign(new HostedProviderConfig(), { paymentPageUrl, callbackSecret: HOSTED_SECRET, callbackToleranceSeconds: 300 }),
  });
  config.brokers.find((b) => b.brokerName === 'broker_a')!.payments = payments;
  return config;
}

export interface SeededTrader {
  /** Local TraderUser.id. */
  userId: number;
  /** cTrader's userId (what 4.4 receives). */
  ctidUserId: number;
  login: number;
}

/** A complete Full-SSO user with one live trading account at the simulator holding `balanceMinor`. */
export async function seedTrader(t: TestApp, balanceMinor: number, brokerName = 'broker_a', currency = 'USD'): Promise<SeededTrader> {
  const user = await seedUser(t.app, brokerName);
  const trader = await t.app.get(CtraderGateway).createTrader(brokerName, {
    accessRights: 'FULL_ACCESS',
    accountType: 'HEDGED',
    balance: balanceMinor,
    depositCurrency: currency,
    groupName: 'Default',
    traderPassword: `pw-${user.id}`,
    leverageInCents: 10000,
    totalMarginCalculationType: 'MAX',
  });
  await t.app.get(UsersService).accountsOf(brokerName).insert({
    userId: user.id,
    login: trader.login,
    state: 'linked',
    traderPasswordMd5: null,
    ctidTraderAccountId: null,
    currency,
    leverage: 100,
    accountType: 'HEDGED',
    environment: 'live',
    moneyDigits: trader.moneyDigits,
    createdAt: Date.now(),
  });
  return { userId: user.id, ctidUserId: user.ctidUserId!, login: trader.login };
}

export function appClient(t: TestApp): CtraderAppClient {
  return new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
}

/** 4.4: what cTrader does when the trader taps Deposit/Withdraw. */
export async function inappToken(ct: CtraderAppClient, ctidUserId: number): Promise<string> {
  const r = await ct.generate(ctidUserId);
  if (r.status !== 200) throw new Error(`4.4 failed: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { token: string }).token;
}

export interface ScreenResponse {
  status: number;
  location: string | null;
  html: string;
}

const unescape = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');

/** A browser without a browser: cookies, no automatic redirects, form fields read from the HTML. */
export class ScreenClient {
  readonly jar = new CookieJar();

  constructor(readonly baseUrl: string) {}

  async get(path: string): Promise<ScreenResponse> {
    return this.request(path, { method: 'GET' });
  }

  /** GET and follow same-origin redirects. */
  async open(path: string): Promise<ScreenResponse & { path: string }> {
    let current = path;
    for (let i = 0; i < 5; i++) {
      const r = await this.get(current);
      if (!r.location || r.status < 300 || r.status >= 400) return { ...r, path: current };
      current = r.location;
    }
    throw new Error('too many redirects');
  }

  async post(path: string, form: Record<string, string>): Promise<ScreenResponse> {
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  }

  private async request(path: string, init: RequestInit): Promise<ScreenResponse> {
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: this.jar.header() } });
    this.jar.store(res.headers);
    const location = res.headers.get('location');
    return {
      status: res.status,
      location: location && location.startsWith(this.baseUrl) ? location.slice(this.baseUrl.length) : location,
      html: await res.text(),
    };
  }
}

/** The form of a rendered payment screen: its action and hidden fields. */
export function formOf(html: string): { action: string; csrf: string; formKey: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const formKey = /name="formKey" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !csrf || !formKey) throw new Error(`no payment form in: ${html.slice(0, 300)}`);
  return { action: unescape(action), csrf: unescape(csrf), formKey };
}

/** Opens an in-app payment screen as cTrader does (4.4 token + account), following the token-removing redirect. */
export async function openPaymentScreen(
  t: TestApp,
  ct: CtraderAppClient,
  trader: SeededTrader,
  screen: 'deposit' | 'withdraw',
  client = new ScreenClient(t.baseUrl),
) {
  const token = await inappToken(ct, trader.ctidUserId);
  const page = await client.open(`/inapp/${screen}?${Q}&token=${encodeURIComponent(token)}&account=${trader.login}`);
  return { client, page, token };
}

/** Fills and submits a payment form; returns the response (a 303 on success). */
export async function submitPayment(
  client: ScreenClient,
  html: string,
  fields: { amount: string; method?: string; destination?: string },
  formKeyOverride?: string,
) {
  const form = formOf(html);
  return client.post(form.action, {
    _csrf: form.csrf,
    formKey: formKeyOverride ?? form.formKey,
    amount: fields.amount,
    method: fields.method ?? 'manual',
    ...(fields.destination ? { destination: fields.destination } : {}),
  });
}

export function paymentIdFrom(location: string | null): string {
  const id = /\/inapp\/payments\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? new URL(location ?? '', 'http://x').searchParams.get('paymentId');
  if (!id) throw new Error(`no payment id in ${location}`);
  return id;
}

export function adminCall(t: TestApp, key: string) {
  return (method: string, path: string, json?: unknown) => http(`${t.baseUrl}${path}`, { method, json, headers: { authorization: `Bearer ${key}` } });
}

/** Polls until `check` returns a value (not a timed assertion: the limit only stops a hung test). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, limitMs = 30000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > limitMs) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The simulator's balance history entries of one payment (by its externalId). */
export function historyOf(sim: CtraderSimulator, login: number, externalId: string) {
  return (sim.state.balanceHistory(login) ?? []).filter((e) => e.externalId === externalId);
}
