import type { Browser, Page } from 'playwright-core';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { computedBackground, expectNoHorizontalOverflow, launchBrowser, luminanceOf, openPage, screenshot, VIEWPORTS } from '../support/browser';
import { startSimulatorFor, withEnv } from '../support/simulator-harness';
import { startTestApp, TestApp } from '../support/test-app';
import { HostedPaymentPage } from './payments-hosted-page';
import {
  adminCall,
  appClient,
  eventually,
  FAST_JOBS_ENV,
  historyOf,
  HOSTED_SECRET,
  inappToken,
  paymentsTestConfig,
  Q,
  SeededTrader,
  seedTrader,
} from './payments-harness';

/**
 * Conformance 6.3.4 (deposit) and 6.3.5 (withdrawal) in headless Chromium, Full SSO identity:
 * 4.4 → in-app screen with the OT token → submit → admin approval or the provider's signed callback → 3.5 →
 * balanceHistoryId on the status page → success page.
 */
describe('payments screens and flows (browser, Full SSO)', () => {
  let restoreEnv: () => void;
  let provider: HostedPaymentPage;
  let sim: CtraderSimulator;
  let t: TestApp;
  let browser: Browser;
  let ct: CtraderAppClient;
  let admin: ReturnType<typeof adminCall>;

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    provider = await new HostedPaymentPage(HOSTED_SECRET).start();
    const config = paymentsTestConfig(provider.url);
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    ct = appClient(t);
    admin = adminCall(t, (await t.app.get(AdminApiKeyService).create({ name: 'payments', role: 'write', brokers: ['broker_a'] })).key);
    browser = await launchBrowser();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sim?.close();
    await provider?.close();
    restoreEnv?.();
  });

  /** What the cTrader app does on Deposit/Withdraw: 4.4, then open our screen with the token and the account. */
  async function openFromApp(page: Page, trader: SeededTrader, screen: 'deposit' | 'withdraw', extra = '') {
    const token = await inappToken(ct, trader.ctidUserId);
    await page.goto(`${t.baseUrl}/inapp/${screen}?${Q}&token=${encodeURIComponent(token)}&account=${trader.login}${extra}`);
    return token;
  }

  async function waitForState(page: Page, text: string) {
    await eventually(async () => {
      await page.reload();
      return ((await page.textContent('#payment-state')) ?? '').includes(text);
    }, `status "${text}"`);
  }

  async function finishOnSuccessPage(page: Page) {
    await page.click('#payment-done');
    await page.waitForURL(/\/callback\/success/);
    expect(await page.textContent('h1')).toContain('All done');
  }

  it('6.3.4 deposit, manual provider: 4.4 → screen → submit → instructions → admin approves → 3.5 → balanceHistoryId → success page (320 px)', async () => {
    const trader = await seedTrader(t, 0);
    const page = await openPage(browser, VIEWPORTS.phone);
    await openFromApp(page, trader, 'deposit');
    expect(page.url()).not.toContain('token=');
    expect(await page.textContent('h1')).toBe('Deposit');
    expect(await page.isVisible('a[aria-label="Close"]')).toBe(true);
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'deposit-form-320');
    await page.fill('#amount', '250');
    await page.selectOption('#method', 'manual');
    await page.click('#submit-payment');
    await page.waitForURL(/\/inapp\/payments\//);
    expect(await page.textContent('#payment-instructions')).toContain('250.00 USD');
    expect(await page.textContent('#payment-state')).toBe('Pending');
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'deposit-pending-320');

    const id = /\/inapp\/payments\/([0-9a-f-]{36})/.exec(page.url())![1];
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`)).status).toBe(200);
    await waitForState(page, 'Completed');
    const entries = historyOf(sim, trader.login, `pay-${id}`);
    expect(entries).toHaveLength(1);
    expect(await page.textContent('#payment-transaction')).toBe(String(entries[0].balanceHistoryId));
    expect(await page.textContent('#payment-message')).toContain('250.00 USD');
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'deposit-completed-320');
    await finishOnSuccessPage(page);
    await page.context().close();
  });

  it('6.3.4 deposit, hosted provider: redirect to the payment page → pay → signed callback → 3.5 → balanceHistoryId → success page (desktop)', async () => {
    const trader = await seedTrader(t, 0);
    const page = await openPage(browser, VIEWPORTS.desktop);
    await openFromApp(page, trader, 'deposit');
    await page.fill('#amount', '99.90');
    await page.selectOption('#method', 'hosted');
    await page.click('#submit-payment');
    await page.waitForURL(new RegExp(`^${provider.url}`));
    expect(await page.textContent('h1')).toContain('99.90 USD');
    await page.click('#pay');
    await page.waitForURL(/\/inapp\/payments\//);
    const delivery = provider.deliveries.at(-1)!;
    expect(delivery.status).toBe(200);
    const id = delivery.body.paymentId as string;
    await waitForState(page, 'Completed');
    const entries = historyOf(sim, trader.login, `pay-${id}`);
    expect(entries).toHaveLength(1);
    expect(entries[0].delta).toBe('99.90');
    expect(await page.textContent('#payment-transaction')).toBe(String(entries[0].balanceHistoryId));
    await expectNoHorizontalOverflow(page);
    await finishOnSuccessPage(page);
    await page.context().close();
  });

  it('6.3.5 withdrawal: 4.4 → screen (free funds from cTrader) → submit → admin approves → 3.5 WITHDRAW → balanceHistoryId → success page', async () => {
    const trader = await seedTrader(t, 50000);
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      const page = await openPage(browser, viewport);
      await openFromApp(page, trader, 'withdraw');
      expect(await page.textContent('h1')).toBe('Withdraw');
      expect(await page.textContent('#available')).toContain('USD');
      await expectNoHorizontalOverflow(page);
      await page.context().close();
    }
    const page = await openPage(browser, VIEWPORTS.phone);
    await openFromApp(page, trader, 'withdraw');
    await screenshot(page, 'withdraw-form-320');
    await page.fill('#amount', '120.5');
    await page.fill('#destination', 'CY17002001280000001200527600 (a long IBAN without spaces)');
    await page.click('#submit-payment');
    await page.waitForURL(/\/inapp\/payments\//);
    await expectNoHorizontalOverflow(page);
    const id = /\/inapp\/payments\/([0-9a-f-]{36})/.exec(page.url())![1];
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`)).status).toBe(200);
    await waitForState(page, 'Completed');
    const entries = historyOf(sim, trader.login, `pay-${id}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'WITHDRAW', delta: '-120.50' });
    expect(await page.textContent('#payment-transaction')).toBe(String(entries[0].balanceHistoryId));
    expect(sim.state.getTrader(trader.login)!.balance).toBe(50000 - 12050);
    await finishOnSuccessPage(page);
    await page.context().close();
  });

  it('a withdrawal above the free funds is refused on the form with a clear message', async () => {
    const trader = await seedTrader(t, 1000);
    const page = await openPage(browser, VIEWPORTS.phone);
    await openFromApp(page, trader, 'withdraw');
    await page.fill('#amount', '500');
    await page.fill('#destination', 'IBAN');
    await page.click('#submit-payment');
    expect(await page.textContent('#amount-error')).toContain('more than the funds available');
    await expectNoHorizontalOverflow(page);
    await page.context().close();
  });

  it('language, theme and eventName are honoured; Arabic is right-to-left', async () => {
    const trader = await seedTrader(t, 0);
    const page = await openPage(browser, VIEWPORTS.phone);
    await openFromApp(page, trader, 'deposit', '&lang=es&theme=dark&eventName=deposit_open');
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await page.textContent('label[for=method]')).toBe('Método de pago');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(luminanceOf(await computedBackground(page))).toBeLessThan(0.2);
    const action = new URL((await page.getAttribute('form', 'action'))!, t.baseUrl);
    expect(action.searchParams.get('eventName')).toBe('deposit_open');
    expect(action.searchParams.get('lang')).toBe('es');
    expect(action.searchParams.get('token')).toBeNull();
    await page.context().close();

    const rtl = await openPage(browser, VIEWPORTS.phone);
    await openFromApp(rtl, trader, 'deposit', '&lang=ar');
    expect(await rtl.getAttribute('html', 'dir')).toBe('rtl');
    await expectNoHorizontalOverflow(rtl);
    await rtl.context().close();
  });

  it('a foreign account gets a clear 403 page; a used token cannot open a second screen', async () => {
    const owner = await seedTrader(t, 0);
    const intruder = await seedTrader(t, 0);
    const page = await openPage(browser, VIEWPORTS.phone);
    const token = await inappToken(ct, intruder.ctidUserId);
    const res = await page.goto(`${t.baseUrl}/inapp/deposit?${Q}&token=${encodeURIComponent(token)}&account=${owner.login}`);
    expect(res!.status()).toBe(403);
    expect(await page.textContent('main')).toMatch(/account/i);
    expect(await page.$('#amount')).toBeNull();
    await expectNoHorizontalOverflow(page);
    await page.context().close();

    const first = await openPage(browser, VIEWPORTS.phone);
    const used = await openFromApp(first, owner, 'deposit');
    expect(await first.isVisible('#amount')).toBe(true);
    const second = await openPage(browser, VIEWPORTS.phone);
    const again = await second.goto(`${t.baseUrl}/inapp/withdraw?${Q}&token=${encodeURIComponent(used)}&account=${owner.login}`);
    expect(again!.status()).toBe(401);
    expect(await second.$('#amount')).toBeNull();
    await first.context().close();
    await second.context().close();
  });
});
