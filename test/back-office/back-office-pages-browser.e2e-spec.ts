import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../../src/kernel/audit/audit-event.entity';
import { Clock } from '../../src/kernel/clock';
import { CtraderSimulator } from '../../src/simulator';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { startSimulatorFor, withEnv } from '../support/simulator-harness';
import { startTestApp, TestApp } from '../support/test-app';
import { PDF } from '../inapp-actions/kyc-test-kit';
import { FAST_JOBS_ENV, seedTrader, SeededTrader } from '../inapp-actions/payments-harness';
import { backOfficeTestConfig, invite, pendingKyc, pendingPayment, realPng, rootKey } from './back-office-pages-kit';

// page.evaluate callbacks run in the browser; the project compiles without the DOM lib.
declare const document: any;

const DESKTOP = { width: 1280, height: 800 };
const TABLET = { width: 768, height: 1024 };

/**
 * Issue #19, a day in the back office in headless Chromium: Ann is invited, sets her password, enrols TOTP (the
 * code computed here with otplib, as her app would), reads the dashboard, approves a deposit, gives the first
 * approval of a large withdrawal (and cannot give the second), Ben gives it; Ann reviews KYC in the viewer and
 * rejects it with a reason. The audit log names Ann and Ben. Screenshots: SCREENSHOT_DIR=docs/images.
 */
describe('back-office pages (browser)', () => {
  let restoreEnv: () => void;
  let sim: CtraderSimulator;
  let t: TestApp;
  let browser: Browser;
  let key: string;
  let trader: SeededTrader;
  let deposit: string;
  let withdrawal: string;
  let kyc: string;

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    const config = backOfficeTestConfig();
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    key = await rootKey(t);
    trader = await seedTrader(t, 1_000_000);
    deposit = await pendingPayment(t, trader, 'deposit', 5_000);
    withdrawal = await pendingPayment(t, trader, 'withdrawal', 25_000);
    kyc = await pendingKyc(t, trader.userId, [
      { data: await realPng(), fileType: 'png' },
      { data: PDF(), fileType: 'pdf' },
    ]);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sim?.close();
    restoreEnv?.();
  });

  /** Invitation link from the mail → own password → enrolment page: secret as text → the app's code → recovery codes. */
  async function firstDay(email: string, grants: { broker: string; role: string }[]): Promise<Page> {
    const token = await invite(t, key, email, grants);
    const page = await openPage(browser, DESKTOP);
    await page.goto(`${t.baseUrl}/back-office/invite?token=${encodeURIComponent(token)}`);
    await page.fill('#password', `correct horse ${email}`);
    await page.fill('#confirm', `correct horse ${email}`);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/back-office\/enrol$/);
    const secret = (await page.textContent('[data-testid=totp-secret]'))!.trim();
    expect(await page.textContent('[data-testid=otpauth-uri]')).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    await page.fill('#code', await generate({ secret, epoch: Math.floor(t.app.get(Clock).now() / 1000) }));
    await page.click('button[type=submit]');
    expect(await page.locator('[data-testid=recovery-codes] li').count()).toBe(10);
    await page.click('text=Continue to the dashboard');
    await page.waitForURL(/\/back-office$/);
    return page;
  }

  const row = (page: Page, id: string) => page.locator(`tr[data-payment="${id}"]`);
  const counter = (page: Page, broker: string, id: string) => page.textContent(`tr[data-broker="${broker}"] td[data-counter="${id}"]`);

  it('does the day: dashboard, payments with four-eyes, KYC viewer; the audit names each person', async () => {
    const ann = await firstDay('ann@example.test', [
      { broker: 'broker_a', role: 'payments' },
      { broker: 'broker_a', role: 'compliance' },
      { broker: 'broker_c', role: 'viewer' },
    ]);
    expect(await ann.textContent('[data-testid=signed-in]')).toContain('ann@example.test');
    expect((await counter(ann, 'broker_a', 'payments.deposits'))!.trim()).toBe('1');
    expect((await counter(ann, 'broker_a', 'payments.withdrawals'))!.trim()).toBe('1');
    expect((await counter(ann, 'broker_a', 'kyc.pending'))!.trim()).toBe('1');
    expect((await counter(ann, 'broker_a', 'jobs.dead'))!.trim()).toBe('0');
    expect(await ann.locator('tr[data-broker]').count()).toBe(2); // broker_a and broker_c: the brokers Ann may see
    await screenshot(ann, 'back-office-dashboard');

    // The deposit (below the threshold): one approval.
    await ann.click('tr[data-broker="broker_a"] td[data-counter="payments.deposits"] a');
    await ann.waitForURL(/payments\?kind=deposit&state=pending$/);
    await row(ann, deposit).locator('[data-testid=approve]').click();
    expect(await ann.textContent('[data-testid=flash]')).toContain('approved');
    expect(await row(ann, deposit).count()).toBe(0);

    // The withdrawal (200.00 ≥ 100.00): Ann's approval is the first of two, and she cannot give the second.
    await ann.goto(`${t.baseUrl}/back-office/brokers/broker_a/payments?kind=withdrawal&state=pending`);
    expect(await row(ann, withdrawal).locator('[data-testid=four-eyes]').textContent()).toContain('Needs two approvals');
    await row(ann, withdrawal).locator('[data-testid=approve]').click();
    expect(await ann.textContent('[data-testid=flash]')).toContain('a second person must approve');
    expect(await row(ann, withdrawal).locator('[data-testid=four-eyes]').textContent()).toContain('First approval by ann@example.test');
    expect(await row(ann, withdrawal).locator('[data-testid=blocked]').textContent()).toContain('a different person must give the second');
    expect(await row(ann, withdrawal).locator('[data-testid=approve]').count()).toBe(0);
    const csrf = await row(ann, withdrawal).locator('input[name=_csrf]').first().inputValue();
    const again = await ann.request.post(`${t.baseUrl}/back-office/brokers/broker_a/payments/${withdrawal}/approve`, {
      form: { _csrf: csrf },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(403);
    await screenshot(ann, 'back-office-payments');

    // Tablet: the page does not scroll sideways (the table scrolls in its own box).
    await ann.setViewportSize(TABLET);
    expect(await ann.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(TABLET.width);
    await ann.setViewportSize(DESKTOP);

    // Ben gives the second approval.
    const ben = await firstDay('ben@example.test', [{ broker: 'broker_a', role: 'payments' }]);
    await ben.goto(`${t.baseUrl}/back-office/brokers/broker_a/payments?kind=withdrawal&state=pending`);
    await row(ben, withdrawal).locator('[data-testid=approve]').click();
    expect(await ben.textContent('[data-testid=flash]')).toContain('approved');
    await ben.goto(`${t.baseUrl}/back-office/brokers/broker_a/payments?kind=withdrawal&state=all`);
    expect(['approved', 'completed']).toContain(await row(ben, withdrawal).getAttribute('data-state'));

    // KYC: the viewer shows the image (decoded) and the PDF in a sandboxed frame from our origin; Ann rejects it.
    await ann.click('nav.bo-nav >> text=KYC');
    const pdfLoaded = ann.waitForResponse((r) => r.url().includes('/documents/') && r.status() === 200 && r.headers()['content-type'] === 'application/pdf');
    await ann.click(`tr[data-submission="${kyc}"] >> text=Review`);
    expect((await (await pdfLoaded).allHeaders())['content-security-policy']).toBe("sandbox; default-src 'none'");
    await ann.waitForFunction(() => {
      const img = document.querySelector('[data-testid=kyc-image]');
      return img && img.complete && img.naturalWidth > 0;
    });
    expect(await ann.getAttribute('[data-testid=kyc-frame]', 'sandbox')).toBe('');
    await ann.fill('input[name=reason]', 'The photo page is cut off');
    await ann.click('[data-testid=kyc-reject]');
    expect(await ann.textContent('[data-testid=flash]')).toContain('rejected');

    const audit = await t.app
      .get(DataSource)
      .getRepository(AuditEvent)
      .find({ order: { id: 'ASC' } });
    const by = (action: string, target: string) => audit.filter((e) => e.action === action && e.target === target).map((e) => e.actorDisplay);
    expect(by('payment.approve', `payment:${deposit}`)).toEqual(['ann@example.test']);
    expect(by('payment.approve_first', `payment:${withdrawal}`)).toEqual(['ann@example.test']);
    expect(by('payment.approve', `payment:${withdrawal}`)).toEqual(['ben@example.test']);
    expect(by('kyc.reject', `kycSubmission:${kyc}`)).toEqual(['ann@example.test']);
    const reject = audit.find((e) => e.action === 'kyc.reject')!;
    expect(JSON.parse(reject.details)).toMatchObject({ reason: 'The photo page is cut off' });
    expect(audit.filter((e) => e.action === 'kyc.document.view').every((e) => e.actorDisplay === 'ann@example.test')).toBe(true);
  });
});
