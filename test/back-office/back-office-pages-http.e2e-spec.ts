import { DataSource } from 'typeorm';
import { AuditEvent } from '../../src/kernel/audit/audit-event.entity';
import { toCsv } from '../../src/kernel/back-office';
import { CtraderSimulator } from '../../src/simulator';
import { startSimulatorFor, withEnv } from '../support/simulator-harness';
import { startTestApp, TestApp } from '../support/test-app';
import { ScreenClient } from '../support/screen-client';
import { FAST_JOBS_ENV, seedTrader, SeededTrader } from '../inapp-actions/payments-harness';
import { backOfficeTestConfig, enrolThroughPages, pendingKyc, pendingPayment, post, realPng, rootKey } from './back-office-pages-kit';

/**
 * Issue #19, the back-office pages without a browser: the guard (login redirect, roles, CSRF, other brokers), the
 * KYC file's headers and the CSV export's escaping. The day's work in Chromium is back-office-pages-browser.
 */
describe('back office pages over HTTP', () => {
  let restoreEnv: () => void;
  let sim: CtraderSimulator;
  let t: TestApp;
  let trader: SeededTrader;
  let payer: ScreenClient;
  let viewer: ScreenClient;

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    const config = backOfficeTestConfig();
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    const key = await rootKey(t);
    payer = await enrolThroughPages(t, key, 'payer@example.test', [{ broker: 'broker_a', role: 'payments' }]);
    viewer = await enrolThroughPages(t, key, 'viewer@example.test', [{ broker: 'broker_a', role: 'viewer' }]);
    trader = await seedTrader(t, 1_000_000);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await sim?.close();
    restoreEnv?.();
  });

  it('sends a visitor without a session to the login page, and the login page works without one', async () => {
    const anonymous = new ScreenClient(t.baseUrl);
    for (const path of ['/back-office', '/back-office/brokers/broker_a/payments', '/back-office/brokers/broker_a/kyc']) {
      const r = await anonymous.get(path);
      expect([r.status, r.location]).toEqual([303, '/back-office/login']);
    }
    const login = await anonymous.get('/back-office/login');
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(login.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const wrong = await post(anonymous, '/back-office/login', { email: 'payer@example.test', password: 'not the password' }, login);
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Wrong email or password.');
  });

  it("refuses a viewer's approval (403) and leaves the payment pending", async () => {
    const id = await pendingPayment(t, trader, 'deposit', 5_000);
    const page = await viewer.get('/back-office/brokers/broker_a/payments');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-payment="${id}"`);
    expect(page.text).not.toContain('data-testid="approve"');
    const r = await post(viewer, `/back-office/brokers/broker_a/payments/${id}/approve`, {}, page);
    expect(r.status).toBe(403);
    expect(r.text).toContain('Your roles do not allow this.');
    expect((await viewer.get('/back-office/brokers/broker_a/payments')).text).toMatch(new RegExp(`data-payment="${id}" data-state="pending"`));
  });

  it('refuses a form posted without its CSRF token, even by someone allowed', async () => {
    const id = await pendingPayment(t, trader, 'deposit', 6_000);
    const r = await post(payer, `/back-office/brokers/broker_a/payments/${id}/approve`, {}, undefined, { csrf: false });
    expect(r.status).toBe(403);
    const page = await payer.get('/back-office/brokers/broker_a/payments');
    const ok = await post(payer, `/back-office/brokers/broker_a/payments/${id}/approve`, {}, page);
    expect([ok.status, ok.location]).toEqual([303, '/back-office/brokers/broker_a/payments?state=pending']);
    const events = await t.app
      .get(DataSource)
      .getRepository(AuditEvent)
      .findBy({ action: 'payment.approve', target: `payment:${id}` });
    expect(events.map((e) => [e.actorType, e.actorDisplay])).toEqual([['staff', 'payer@example.test']]);
  });

  it("answers 403 for another broker's pages and 404 for an unknown broker", async () => {
    expect((await payer.get('/back-office/brokers/broker_c/payments')).status).toBe(403);
    expect((await payer.get('/back-office/brokers/broker_c/kyc')).status).toBe(403);
    expect((await payer.get('/back-office/brokers/nobody/payments')).status).toBe(404);
  });

  it('serves a KYC file sandboxed, as its recognised type, to the review page only', async () => {
    const id = await pendingKyc(t, trader.userId, [{ data: await realPng(), fileType: 'png' }]);
    const page = await viewer.get(`/back-office/brokers/broker_a/kyc/${id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-src 'self'");
    const src = /<img src="([^"]+)"[^>]*data-testid="kyc-image"/.exec(page.text)![1];
    const file = await viewer.get(src);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await new ScreenClient(t.baseUrl).get(src)).status).toBe(303);
    // A viewer sees the document but has no review buttons, and a review post is refused.
    expect(page.text).not.toContain('data-testid="kyc-approve"');
    expect((await post(viewer, `/back-office/brokers/broker_a/kyc/${id}/approve`, {}, page)).status).toBe(403);
  });

  it('exports the filtered payments as RFC 4180 CSV with formula cells defused', async () => {
    const id = await pendingPayment(t, trader, 'withdrawal', 1_234, '=HYPERLINK("https://evil.example","x"),\nIBAN');
    const r = await payer.get('/back-office/brokers/broker_a/payments/export.csv?kind=withdrawal&state=pending');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="payments-broker_a-withdrawal-pending\.csv"$/);
    const lines = r.text.split('\r\n');
    expect(lines[0]).toMatch(/^id,reference,createdAt,broker,/);
    expect(r.text).toContain(`${id},`);
    expect(r.text).toContain(`,"'=HYPERLINK(""https://evil.example"",""x""),\nIBAN",`);
    expect(r.text).not.toMatch(/deposit/);
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['+1', -5],
          ['@x', '-y'],
          ['plain', 'a"b'],
        ],
      ),
    ).toBe(`a,b\r\n'+1,-5\r\n'@x,'-y\r\nplain,"a""b"\r\n`);
  });
});
