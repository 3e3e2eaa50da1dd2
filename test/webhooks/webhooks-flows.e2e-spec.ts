import type { Browser } from 'playwright-core';
import { WebhooksConfig } from '../../src/config/webhooks-config';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { AdminApiKeyService } from '../../src/kernel/admin-access';
import {
  adminCall,
  appClient,
  eventually,
  FAST_JOBS_ENV,
  openPaymentScreen,
  paymentIdFrom,
  paymentsTestConfig,
  seedTrader,
  submitPayment,
} from '../inapp-actions/payments-harness';
import { launchBrowser, openPage, VIEWPORTS } from '../support/browser';
import { enterSignupCode } from '../support/signup-code';
import { startSimulatorFor, withEnv } from '../support/simulator-harness';
import { startTestApp, TestApp } from '../support/test-app';
import { recordSecret } from '../support/test-run-records';
import { WebhookReceiver } from './webhook-receiver';

const SECRET_KEY = 'test-webhook-flows-secret-key-0123456789';
recordSecret(SECRET_KEY);

/**
 * Issue #21's "done when": a signup (the Full-SSO screens in Chromium) and a deposit approval (the in-app screen and
 * the admin API) each deliver a webhook that a receiver verifies with the `standardwebhooks` library.
 */
describe('webhooks from the real flows', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  let browser: Browser;
  let ct: CtraderAppClient;
  let admin: ReturnType<typeof adminCall>;
  let restoreEnv: () => void;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    const config = paymentsTestConfig('https://pay.example.com/page');
    config.webhooks = Object.assign(new WebhooksConfig(), { secretKey: SECRET_KEY, allowPrivateTargets: true, backoffBaseMs: 20, backoffMaxMs: 200 });
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    ct = appClient(t);
    admin = adminCall(t, (await t.app.get(AdminApiKeyService).create({ name: 'webhooks', role: 'write', brokers: ['broker_a'] })).key);
    await receiver.up();
    const endpoint = await admin('POST', '/admin/brokers/broker_a/webhooks/endpoints', {
      url: receiver.url,
      eventTypes: ['user.signed_up', 'user.email_verified', 'account.opened', 'payment.requested', 'payment.approved', 'payment.completed'],
    });
    expect(endpoint.status).toBe(201);
    receiver.secrets = [endpoint.body.secret];
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await receiver.down();
    await t?.close();
    await sim?.close();
    restoreEnv?.();
  });

  it('a deposit request and its approval deliver verified payment.requested, payment.approved and payment.completed', async () => {
    const trader = await seedTrader(t, 0);
    const { client, page } = await openPaymentScreen(t, ct, trader, 'deposit');
    const submitted = await submitPayment(client, page.html, { amount: '125.50' });
    expect(submitted.status).toBe(303);
    const id = paymentIdFrom(submitted.location);
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`, { note: 'wire received' })).status).toBe(200);
    const ofPayment = (type: string) => receiver.ofType(type).filter((r) => r.payload.data.payment?.id === id);
    await eventually(async () => ofPayment('payment.completed').length > 0, 'payment.completed webhook');
    const expected = (type: string) => ({
      type,
      timestamp: expect.any(String),
      data: {
        brokerName: 'broker_a',
        trader: { userId: trader.userId, ctidUserId: trader.ctidUserId, logins: [trader.login] },
        payment: { id, kind: 'deposit', login: trader.login, amountMinor: 12550, currency: 'USD' },
      },
    });
    expect(ofPayment('payment.requested').map((r) => r.payload)).toEqual([expected('payment.requested')]);
    expect(ofPayment('payment.approved').map((r) => r.payload)).toEqual([expected('payment.approved')]);
    expect(ofPayment('payment.completed').map((r) => r.payload)).toEqual([expected('payment.completed')]);
    expect(receiver.refused).toEqual([]);
  });

  it('a Full-SSO signup in the browser delivers verified user.signed_up and account.opened', async () => {
    browser = await launchBrowser();
    const page = await openPage(browser, VIEWPORTS.phone);
    const email = 'webhook.signup@example.com';
    await page.goto(`${t.baseUrl}/auth/login?brokerName=broker_a&brokerCrmName=crm_shared&firstLogin=true&lang=en`);
    await page.fill('#email', email);
    await page.fill('#password', 'Trader-pass-123');
    await page.fill('#firstName', 'Ana');
    await page.fill('#lastName', 'Hook');
    await page.selectOption('#country', 'CY');
    await page.click('button[type=submit]');
    await enterSignupCode(page, t.app, 'broker_a', email);
    await page.waitForURL(/\/account\/create/);
    await page.waitForSelector('#currency');
    await page.selectOption('#currency', 'USD');
    await page.selectOption('#leverage', '100');
    await page.selectOption('#accountType', 'HEDGED');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/callback\/success\?.*token=/);

    const simUser = sim.state.listUsers().find((u) => u.email === email)!;
    const [signedUp] = await eventually(async () => {
      const found = receiver.ofType('user.signed_up').filter((r) => r.payload.data.trader?.ctidUserId === simUser.userId);
      return found.length ? found : null;
    }, 'user.signed_up webhook');
    const login = sim.state.listAccounts().find((a) => a.userId === simUser.userId)!.traderLogin;
    expect(signedUp.payload.data).toEqual({ brokerName: 'broker_a', trader: { userId: expect.any(Number), ctidUserId: simUser.userId, logins: [login] } });
    // No password, token or email in the body.
    expect(signedUp.body).not.toMatch(/Trader-pass-123|webhook\.signup@example\.com|token/i);
    const opened = await eventually(
      async () => receiver.ofType('account.opened').find((r) => r.payload.data.trader?.ctidUserId === simUser.userId),
      'account.opened',
    );
    expect(opened.payload.data.account).toEqual({ login });
    // The signup code proved the address before the profile was written.
    const verified = await eventually(
      async () => receiver.ofType('user.email_verified').find((r) => r.payload.data.trader?.userId === signedUp.payload.data.trader.userId),
      'user.email_verified',
    );
    expect(verified.payload.data.brokerName).toBe('broker_a');
    expect(receiver.refused).toEqual([]);
  });
});
