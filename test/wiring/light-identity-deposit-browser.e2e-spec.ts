import type { Browser } from 'playwright-core';
import { CtraderSimulator } from '../../src/simulator';
import { adminCall, eventually, FAST_JOBS_ENV, historyOf } from '../inapp-actions/payments-harness';
import { expectNoHorizontalOverflow, launchBrowser, openPage, screenshot, VIEWPORTS } from '../support/browser';
import { withEnv } from '../support/simulator-harness';
import type { TestApp } from '../support/test-app';
import { C, liTraderWithToken, startLiMoneyStack } from './light-identity-money';

/**
 * Conformance 6.3.4 (deposit) for a broker on Light identity, in headless Chromium: cTrader mints the in-app
 * token, the app opens /inapp/deposit with it, the trader submits, an admin approves through the API, 3.5 runs
 * exactly once, the status page shows the balanceHistoryId and Done leads to the success page.
 */
describe('wiring: Light identity deposit 6.3.4 (browser)', () => {
  let restoreEnv: () => void;
  let t: TestApp;
  let sim: CtraderSimulator;
  let admin: ReturnType<typeof adminCall>;
  let browser: Browser;

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    ({ t, sim, admin } = await startLiMoneyStack());
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sim?.close();
    restoreEnv?.();
  });

  for (const [name, viewport] of [
    ['320 px', VIEWPORTS.phone],
    ['desktop', VIEWPORTS.desktop],
  ] as const) {
    it(`LI token → deposit screen → submit → admin approves → 3.5 once → balanceHistoryId → success page (${name})`, async () => {
      const trader = await liTraderWithToken(t, sim, undefined, 'EUR');
      const page = await openPage(browser, viewport);
      await page.goto(`${t.baseUrl}/inapp/deposit?${C}&token=${encodeURIComponent(trader.token)}&account=${trader.login}`);
      expect(page.url()).not.toContain('token=');
      expect(await page.textContent('h1')).toBe('Deposit');
      await expectNoHorizontalOverflow(page);
      await page.fill('#amount', '75.40');
      await page.click('#submit-payment');
      await page.waitForURL(/\/inapp\/payments\//);
      expect(await page.textContent('#payment-state')).toBe('Pending');
      expect(await page.textContent('#payment-instructions')).toContain('75.40 EUR');

      const id = /\/inapp\/payments\/([0-9a-f-]{36})/.exec(page.url())![1];
      expect((await admin('POST', `/admin/brokers/broker_c/payments/${id}/approve`)).status).toBe(200);
      await eventually(async () => {
        await page.reload();
        return ((await page.textContent('#payment-state')) ?? '').includes('Completed');
      }, 'status "Completed"');
      const entries = historyOf(sim, trader.login, `pay-${id}`);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ type: 'DEPOSIT', delta: '75.40' });
      expect(sim.state.getTrader(trader.login)!.balance).toBe(7540);
      expect(await page.textContent('#payment-transaction')).toBe(String(entries[0].balanceHistoryId));
      await expectNoHorizontalOverflow(page);
      await screenshot(page, `li-deposit-completed-${viewport.width}`);

      await page.click('#payment-done');
      await page.waitForURL(/\/inapp\/done/);
      expect(await page.textContent('h1')).toContain('All done');
      await expectNoHorizontalOverflow(page);
      // Reloads do not move money twice.
      expect(historyOf(sim, trader.login, `pay-${id}`)).toHaveLength(1);
      await page.context().close();
    });
  }
});
