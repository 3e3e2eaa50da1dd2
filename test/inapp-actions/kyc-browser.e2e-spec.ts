import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { expectNoHorizontalOverflow, launchBrowser, openPage, screenshot, VIEWPORTS } from '../support/browser';
import { http, startTestApp, TestApp } from '../support/test-app';
import { adminKey, inappToken, kycTestConfig, PDF, seedTrader } from './kyc-test-kit';

describe('KYC in the browser: 4.4 → /inapp/kyc → upload → pending → admin approves → approved (issue #6)', () => {
  let t: TestApp;
  let storageDir: string;
  let browser: Browser;

  beforeAll(async () => {
    const c = kycTestConfig();
    storageDir = c.storageDir;
    t = await startTestApp(c.config);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
    rmSync(storageDir, { recursive: true, force: true });
  });

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`works without horizontal overflow at ${name} (${viewport.width} px)`, async () => {
      const trader = await seedTrader(t);
      const token = await inappToken(t, trader);
      const page = await openPage(browser, viewport);
      try {
        await page.goto(`${t.baseUrl}/inapp/kyc?brokerName=broker_a&token=${token}&account=${trader.login}&lang=en&source=Android`);
        expect(page.url()).not.toContain(token);
        expect(await page.locator('[data-kyc-status]').getAttribute('data-kyc-status')).toBe('none');
        await expectNoHorizontalOverflow(page);

        await page.selectOption('#documentType', 'passport');
        // A long unbroken file name must not push the layout sideways once listed.
        await page.setInputFiles('#documents', [{ name: `passport-${'x'.repeat(80)}.pdf`, mimeType: 'application/pdf', buffer: PDF() }]);
        await Promise.all([page.waitForURL((u) => u.pathname === '/inapp/kyc'), page.click('button[type=submit]')]);
        expect(await page.locator('[data-kyc-status]').getAttribute('data-kyc-status')).toBe('pending');
        expect(await page.locator('main').innerText()).toContain('Under review');
        expect(await page.locator('input[type=file]').count()).toBe(0);
        await expectNoHorizontalOverflow(page);
        await screenshot(page, `kyc-pending-${name}`);

        // The back office approves through the admin API.
        const key = await adminKey(t, 'write');
        const list = await http(`${t.baseUrl}/admin/brokers/broker_a/kyc/submissions?userId=${trader.userId}&status=pending`, {
          headers: { authorization: `Bearer ${key}` },
        });
        expect(list.body).toHaveLength(1);
        const review = await http(`${t.baseUrl}/admin/brokers/broker_a/kyc/submissions/${list.body[0].id}/review`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}` },
          json: { decision: 'approve' },
        });
        expect(review.status).toBe(200);

        await page.reload();
        expect(await page.locator('[data-kyc-status]').getAttribute('data-kyc-status')).toBe('approved');
        expect(await page.locator('main').innerText()).toContain('Your identity has been verified.');
        await expectNoHorizontalOverflow(page);
        await screenshot(page, `kyc-approved-${name}`);

        // Closable: the X leads out of the screen (the success page, which the app recognises).
        await page.click('a[aria-label="Close"]');
        expect(new URL(page.url()).pathname).toBe('/callback/success');
      } finally {
        await page.context().close();
      }
    });
  }

  it('shows a refused upload as a readable error at 320 px (too large)', async () => {
    const trader = await seedTrader(t);
    const page = await openPage(browser, VIEWPORTS.phone);
    try {
      await page.goto(`${t.baseUrl}/inapp/kyc?brokerName=broker_a&token=${await inappToken(t, trader)}&account=${trader.login}&theme=dark&lang=ar`);
      await page.selectOption('#documentType', 'idCard');
      await page.setInputFiles('#documents', [
        { name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100 * 1024, 0x20)]) },
      ]);
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button[type=submit]')]);
      expect(response.status()).toBe(413);
      expect(await page.locator('[role=alert]').first().innerText()).toContain('64 KB');
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      await expectNoHorizontalOverflow(page);
    } finally {
      await page.context().close();
    }
  });
});
