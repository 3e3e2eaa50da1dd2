import { CtraderSimulator } from '../../src/simulator';
import { adminCall, eventually, FAST_JOBS_ENV, historyOf, paymentIdFrom, ScreenClient, submitPayment } from '../inapp-actions/payments-harness';
import { LI_BROKER } from '../light-identity/li-test-app';
import { withEnv } from '../support/simulator-harness';
import { onPostgres } from '../support/test-database';
import type { TestApp } from '../support/test-app';
import { C, liTraderWithToken, startLiMoneyStack } from './light-identity-money';

/**
 * Conformance 6.3.5 (withdrawal) for a broker on Light identity, over HTTP: cTrader mints the in-app token,
 * the withdrawal screen redeems it, the request is approved by an admin through the API, 3.5 WITHDRAW happens
 * exactly once (simulator balance history), the status page shows the transaction and leads to the success page.
 */
describe(`wiring: Light identity withdrawal 6.3.5 over HTTP (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let restoreEnv: () => void;
  let t: TestApp;
  let sim: CtraderSimulator;
  let admin: ReturnType<typeof adminCall>;

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    ({ t, sim, admin } = await startLiMoneyStack());
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sim?.close();
    restoreEnv?.();
  });

  it('LI token → withdrawal screen → submit → admin approves → 3.5 WITHDRAW once → completed → success page', async () => {
    const trader = await liTraderWithToken(t, sim, '500.00');
    const client = new ScreenClient(t.baseUrl);
    const page = await client.open(`/inapp/withdraw?${C}&token=${encodeURIComponent(trader.token)}&account=${trader.login}`);
    expect(page.status).toBe(200);
    expect(page.path).not.toContain('token=');
    expect(page.html).toContain(String(trader.login));
    // The same URL in another browser opens nothing (single use on our side too).
    expect((await new ScreenClient(t.baseUrl).get(`/inapp/withdraw?${C}&token=${encodeURIComponent(trader.token)}&account=${trader.login}`)).status).toBe(401);

    const submitted = await submitPayment(client, page.html, { amount: '120.25', destination: 'IBAN DE00 1234' });
    expect(submitted.status).toBe(303);
    const id = paymentIdFrom(submitted.location);
    const listed = await admin('GET', `/admin/brokers/broker_c/payments?state=pending&login=${trader.login}`);
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).toMatchObject({ id, kind: 'withdrawal', amountMinor: 12025, currency: 'USD' });

    expect((await admin('POST', `/admin/brokers/broker_c/payments/${id}/approve`, { note: 'sent' })).status).toBe(200);
    const done = await eventually(async () => {
      const r = await admin('GET', `/admin/brokers/broker_c/payments/${id}`);
      return ['completed', 'rejected', 'failed'].includes(r.body.state) ? r.body : undefined;
    }, 'the withdrawal to finish');
    expect(done.state).toBe('completed');
    const entries = historyOf(sim, trader.login, `pay-${id}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'WITHDRAW' });
    expect(done.balanceHistoryId).toBe(entries[0].balanceHistoryId);
    expect(sim.state.getTrader(trader.login)!.balance).toBe(50000 - 12025);
    // Approving again changes nothing at cTrader.
    expect((await admin('POST', `/admin/brokers/broker_c/payments/${id}/approve`)).status).toBe(409);
    expect(historyOf(sim, trader.login, `pay-${id}`)).toHaveLength(1);

    const status = await client.get(submitted.location!);
    expect(status.status).toBe(200);
    expect(status.html).toContain('id="payment-transaction"');
    expect(status.html).toContain(String(entries[0].balanceHistoryId));
    const doneHref = /id="payment-done"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*id="payment-done"/.exec(status.html);
    expect(doneHref).not.toBeNull();
    const success = await client.open((doneHref![1] ?? doneHref![2]).replace(/&amp;/g, '&'));
    expect(success.path).toMatch(/^\/inapp\/done\?/);
    expect(success.status).toBe(200);
    expect(success.html).toContain('All done');
  });

  it('the payment belongs to the LI user created from the token, on broker_c only', async () => {
    const trader = await liTraderWithToken(t, sim, '50.00');
    const client = new ScreenClient(t.baseUrl);
    const page = await client.open(`/inapp/deposit?${C}&token=${encodeURIComponent(trader.token)}&account=${trader.login}`);
    expect(page.status).toBe(200);
    const submitted = await submitPayment(client, page.html, { amount: '20' });
    const id = paymentIdFrom(submitted.location);
    const row = (await admin('GET', `/admin/brokers/broker_c/payments/${id}`)).body;
    expect(row).toMatchObject({ brokerName: LI_BROKER, login: trader.login, kind: 'deposit', state: 'pending' });
  });
});
