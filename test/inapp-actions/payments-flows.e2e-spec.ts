import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { AuditService } from '../../src/kernel/audit/audit.service';
import { CHANGE_BALANCE_JOB_KIND } from '../../src/kernel/ctrader-gateway/change-balance/change-balance.job';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { DomainEventMap } from '../../src/kernel/events/domain-events';
import { observeDurable } from '../support/durable-events';
import { JobQueue } from '../../src/kernel/jobs/job-queue.service';
import { JobWorker } from '../../src/kernel/jobs/job-worker.service';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { startSimulatorFor, withEnv } from '../support/simulator-harness';
import { onPostgres } from '../support/test-database';
import { http, startTestApp, TestApp } from '../support/test-app';
import { HostedPaymentPage } from './payments-hosted-page';
import {
  adminCall,
  appClient,
  eventually,
  FAST_JOBS_ENV,
  historyOf,
  HOSTED_SECRET,
  inappToken,
  openPaymentScreen,
  paymentIdFrom,
  paymentsTestConfig,
  Q,
  ScreenClient,
  seedTrader,
  submitPayment,
} from './payments-harness';

/**
 * Issue #6 over HTTP, one server on the simulator: screens, double submit, providers, admin API, cTrader failing
 * during completion, withdrawals and NOT_ENOUGH_MONEY. Exactly-once is judged by the simulator's balance history.
 */
describe(`payments: screens, providers, admin API, exactly-once (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let restoreEnv: () => void;
  let page: HostedPaymentPage;
  let sim: CtraderSimulator;
  let t: TestApp;
  let ct: CtraderAppClient;
  let admin: ReturnType<typeof adminCall>;
  let adminB: ReturnType<typeof adminCall>;
  const completedEvents: DomainEventMap['payment.completed'][] = [];
  const rejectedEvents: DomainEventMap['payment.rejected'][] = [];

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    page = await new HostedPaymentPage(HOSTED_SECRET).start();
    const config = paymentsTestConfig(page.url);
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    ct = appClient(t);
    const keys = t.app.get(AdminApiKeyService);
    admin = adminCall(t, (await keys.create({ name: 'payments', role: 'write', brokers: ['broker_a'] })).key);
    adminB = adminCall(t, (await keys.create({ name: 'other brokers', role: 'write', brokers: ['broker_b', 'broker_c'] })).key);
    observeDurable(t.app, 'payment.completed', (e) => void completedEvents.push(e));
    observeDurable(t.app, 'payment.rejected', (e) => void rejectedEvents.push(e));
  }, 60000);
  afterAll(async () => {
    await t?.close();
    await sim?.close();
    await page?.close();
    restoreEnv?.();
  });

  const completed = (id: string) =>
    eventually(async () => {
      const r = await admin('GET', `/admin/brokers/broker_a/payments/${id}`);
      return ['completed', 'rejected', 'failed'].includes(r.body.state) ? r.body : undefined;
    }, `payment ${id} to finish`);

  it('manual deposit: screen → request (pending, instructions) → admin approve → 3.5 once → completed with balanceHistoryId', async () => {
    const trader = await seedTrader(t, 0);
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'deposit');
    expect(form.status).toBe(200);
    expect(form.path).not.toContain('token=');
    expect(form.html).toContain(String(trader.login));
    const submitted = await submitPayment(client, form.html, { amount: '125.50' });
    expect(submitted.status).toBe(303);
    const id = paymentIdFrom(submitted.location);
    const status = await client.get(submitted.location!);
    expect(status.status).toBe(200);
    expect(status.html).toContain('id="payment-instructions"');
    expect(status.html).toContain(id.slice(0, 8).toUpperCase());

    const pending = await admin('GET', `/admin/brokers/broker_a/payments?state=pending&login=${trader.login}`);
    expect(pending.body).toHaveLength(1);
    expect(pending.body[0]).toMatchObject({
      id,
      kind: 'deposit',
      provider: 'manual',
      amountMinor: 12550,
      amount: '125.50',
      currency: 'USD',
      balanceHistoryId: null,
    });

    const approved = await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`, { note: 'wire received' });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');
    const done = await completed(id);
    expect(done.state).toBe('completed');
    const entries = historyOf(sim, trader.login, `pay-${id}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'DEPOSIT', delta: '125.50' });
    expect(done.balanceHistoryId).toBe(entries[0].balanceHistoryId);
    expect(sim.state.getTrader(trader.login)!.balance).toBe(12550);

    const after = await client.get(submitted.location!);
    expect(after.html).toContain('id="payment-transaction"');
    expect(after.html).toContain(String(entries[0].balanceHistoryId));
    // Approving again is refused and changes nothing.
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`)).status).toBe(409);
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/reject`)).status).toBe(409);
    const audit = await t.app.get(AuditService).list({ brokers: ['broker_a'], limit: 50 });
    expect(audit.filter((e) => e.target === `payment:${id}`).every((e) => /^admin:/.test(e.actor))).toBe(true);
    expect(audit.filter((e) => e.target === `payment:${id}`).map((e) => e.action)).toEqual(['payment.approve']);
    expect(completedEvents.filter((e) => e.login === trader.login)).toEqual([
      {
        brokerName: 'broker_a',
        userId: trader.userId,
        login: trader.login,
        kind: 'deposit',
        amountMinor: 12550,
        currency: 'USD',
        paymentId: expect.any(String),
      },
    ]);
  });

  it('an instance that dies between recording the job outcome and announcing it: the request is still completed (reconciliation)', async () => {
    const trader = await seedTrader(t, 0);
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'deposit');
    const id = paymentIdFrom((await submitPayment(client, form.html, { amount: '33' })).location);
    const worker = t.app.get(JobWorker);
    await worker.stop();
    try {
      const approved = await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`);
      expect(approved.status).toBe(200);
      // Another instance claims the job, makes the 3.5 call and records the outcome — and dies before its outcome
      // bus runs (nothing is emitted here).
      const queue = t.app.get(JobQueue);
      const now = Date.now();
      const [job] = await queue.claim({ workerId: 'instance-that-died', now, leaseUntil: now + 60000, limit: 10, kinds: [CHANGE_BALANCE_JOB_KIND] });
      expect(job.id).toBe(approved.body.jobId);
      const p = JSON.parse(job.payload);
      const { balanceHistoryId } = await t.app.get(CtraderGateway).changeBalance('broker_a', p);
      expect(await queue.complete(job, 'instance-that-died', { state: 'succeeded', result: { outcome: 'applied', balanceHistoryId, reconciled: false } })).toBe(
        true,
      );
      // The trader's status page (or the admin console, or the periodic sweep) brings the request up to date.
      const status = await client.get(`/inapp/payments/${id}?${Q}`);
      expect(status.html).toContain(String(balanceHistoryId));
      const row = (await admin('GET', `/admin/brokers/broker_a/payments/${id}`)).body;
      expect(row).toMatchObject({ state: 'completed', balanceHistoryId });
      expect(historyOf(sim, trader.login, `pay-${id}`)).toHaveLength(1);
    } finally {
      worker.start();
    }
  });

  it('a double submit of one form creates one request (sequential and concurrent)', async () => {
    const trader = await seedTrader(t, 0);
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'deposit');
    const posts = await Promise.all([1, 2, 3].map(() => submitPayment(client, form.html, { amount: '20' })));
    const again = await submitPayment(client, form.html, { amount: '20' });
    const ids = new Set([...posts, again].map((r) => paymentIdFrom(r.location)));
    expect(ids.size).toBe(1);
    expect((await admin('GET', `/admin/brokers/broker_a/payments?login=${trader.login}`)).body).toHaveLength(1);
    // A fresh render is a new form: a second, deliberate deposit.
    const second = await client.open(`/inapp/deposit?${Q}&account=${trader.login}`);
    const other = await submitPayment(client, second.html, { amount: '20' });
    expect(paymentIdFrom(other.location)).not.toBe([...ids][0]);
  });

  it('refuses bad amounts, amounts outside the limits and unknown methods with the form (422), creating nothing', async () => {
    const trader = await seedTrader(t, 0);
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'deposit');
    for (const fields of [{ amount: 'abc' }, { amount: '1.234' }, { amount: '5' }, { amount: '20000' }, { amount: '50', method: 'crypto' }]) {
      const r = await submitPayment(client, form.html, fields);
      expect(r.status).toBe(422);
      expect(r.html).toContain('aria-invalid="true"');
    }
    expect((await admin('GET', `/admin/brokers/broker_a/payments?login=${trader.login}`)).body).toHaveLength(0);
  });

  it('refuses a foreign account with a clear 403 page, and a used token cannot open a second screen', async () => {
    const owner = await seedTrader(t, 0);
    const other = await seedTrader(t, 0);
    const token = await inappToken(ct, other.ctidUserId);
    const foreign = await new ScreenClient(t.baseUrl).get(`/inapp/deposit?${Q}&token=${encodeURIComponent(token)}&account=${owner.login}`);
    expect(foreign.status).toBe(403);
    expect(foreign.html).toMatch(/account/i);

    const { token: used } = await openPaymentScreen(t, ct, owner, 'deposit');
    const second = await new ScreenClient(t.baseUrl).get(`/inapp/withdraw?${Q}&token=${encodeURIComponent(used)}&account=${owner.login}`);
    expect(second.status).toBe(401);
    expect(second.html).not.toContain('<form method="post"');
    // Without any token or session: session expired, no form.
    expect((await new ScreenClient(t.baseUrl).get(`/inapp/deposit?${Q}&account=${owner.login}`)).status).toBe(401);
  });

  it('a payment is visible only to its owner session and its broker', async () => {
    const trader = await seedTrader(t, 0);
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'deposit');
    const id = paymentIdFrom((await submitPayment(client, form.html, { amount: '30' })).location);
    const stranger = await seedTrader(t, 0);
    const { client: strangerClient } = await openPaymentScreen(t, ct, stranger, 'deposit');
    expect((await strangerClient.get(`/inapp/payments/${id}?${Q}`)).status).toBe(404);
    // Another broker's path does not reach it (404, as for any unknown id); its own broker's path is not theirs (403).
    expect((await adminB('GET', `/admin/brokers/broker_c/payments/${id}`)).body.code).toBe('NOT_FOUND');
    expect((await adminB('GET', `/admin/brokers/broker_c/payments`)).body.find((p: { id: string }) => p.id === id)).toBeUndefined();
    expect((await adminB('POST', `/admin/brokers/broker_c/payments/${id}/approve`)).body.code).toBe('NOT_FOUND');
    expect((await adminB('GET', `/admin/brokers/broker_a/payments/${id}`)).body.code).toBe('ADMIN_BROKER_FORBIDDEN');
    // The broker is in the path only: the query no longer names one (unknown parameter).
    expect((await admin('GET', `/admin/brokers/broker_a/payments?brokerName=broker_a`)).body.code).toBe('INVALID_REQUEST');
  });

  it('cTrader fails mid-deposit: the request goes to reconciliation, staff see the balance and resolve it, one balance change in the end', async () => {
    const trader = await seedTrader(t, 0);
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'deposit');
    const id = paymentIdFrom((await submitPayment(client, form.html, { amount: '40' })).location);
    const reconciling = () =>
      eventually(async () => {
        const r = await admin('GET', `/admin/brokers/broker_a/payments/${id}`);
        return r.body.state === 'reconciliation' ? r.body : undefined;
      }, `payment ${id} to need reconciliation`);
    const sends = sim.state.countCalls('3.5');

    // 1. A 503: cTrader may have applied it (a 5xx after a POST proves nothing), so nothing is sent again.
    sim.faults.add({ call: '3.5', mode: 'error', status: 503, times: 1 });
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`)).status).toBe(200);
    expect(await reconciling()).toMatchObject({ state: 'reconciliation', reason: 'CTRADER_OUTCOME_UNKNOWN', balanceHistoryId: null });
    expect(sim.state.countCalls('3.5')).toBe(sends + 1);
    const metrics = async () => (await http(`${t.baseUrl}/metrics`)).text;
    expect(await metrics()).toMatch(/payments_in_reconciliation\{broker="broker_a"\} 1\b/);
    // The trader is told it is being checked, not that it failed for good.
    const status = await client.get(`/inapp/payments/${id}?${Q}`);
    expect(status.html).toContain('Being checked');

    // What staff see: the attempt, and the trader's balance read from cTrader right now (unchanged).
    let view = await admin('GET', `/admin/brokers/broker_a/payments/${id}/reconciliation`);
    expect(view.status).toBe(200);
    expect(view.body.attempt).toMatchObject({ state: 'sending', sends: 1, lastErrorStatus: 503 });
    expect(view.body.trader).toEqual({ balance: 0, balanceText: '0.00', moneyDigits: 2, nonWithdrawableBonus: 0 });

    // Refusals: a note is required; balanceHistoryId only with credited; read keys cannot resolve; other brokers see nothing.
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/reconcile`, { resolution: 'notCredited' })).status).toBe(400);
    expect(
      (await admin('POST', `/admin/brokers/broker_a/payments/${id}/reconcile`, { resolution: 'notCredited', balanceHistoryId: 5, note: 'x' })).status,
    ).toBe(400);
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/reconcile`, { resolution: 'maybe', note: 'x' })).status).toBe(400);
    expect((await adminB('POST', `/admin/brokers/broker_c/payments/${id}/reconcile`, { resolution: 'credited', note: 'x' })).status).toBe(404);
    expect((await adminB('GET', `/admin/brokers/broker_c/payments/${id}/reconciliation`)).status).toBe(404);

    // 2. Not credited (the balance shows nothing): one new attempt, whose answer is lost after the effect.
    sim.faults.add({ call: '3.5', mode: 'dropAfterEffect', times: 1 });
    const first = await admin('POST', `/admin/brokers/broker_a/payments/${id}/reconcile`, { resolution: 'notCredited', note: 'balance unchanged at cTrader' });
    expect(first.status).toBe(200);
    expect(['approved', 'reconciliation']).toContain(first.body.state);
    // Resolving twice is refused (the request is no longer waiting for this decision).
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/reconcile`, { resolution: 'notCredited', note: 'again' })).status).toBe(409);
    await reconciling();
    expect(sim.state.countCalls('3.5')).toBe(sends + 2);
    view = await admin('GET', `/admin/brokers/broker_a/payments/${id}/reconciliation`);
    expect(view.body.attempt).toMatchObject({ state: 'sending', sends: 2, resolvedBy: expect.stringMatching(/^admin:/) });
    expect(view.body.trader).toMatchObject({ balance: 4000, balanceText: '40.00' });

    // 3. Credited (the balance shows it): completed, nothing sent.
    const entries = historyOf(sim, trader.login, `pay-${id}`);
    expect(entries).toHaveLength(1);
    const done = await admin('POST', `/admin/brokers/broker_a/payments/${id}/reconcile`, {
      resolution: 'credited',
      balanceHistoryId: entries[0].balanceHistoryId,
      note: 'balance +40.00 at cTrader',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'completed', balanceHistoryId: entries[0].balanceHistoryId, reason: null });
    expect(sim.state.countCalls('3.5')).toBe(sends + 2);
    expect(sim.state.getTrader(trader.login)!.balance).toBe(4000);
    expect(completedEvents.filter((e) => e.login === trader.login)).toHaveLength(1);
    expect(await metrics()).not.toMatch(/payments_in_reconciliation\{broker="broker_a"\} [1-9]/);
    // Both decisions are audited, with the key that made them.
    const audit = (await t.app.get(AuditService).list({ brokers: ['broker_a'], limit: 200 })).filter((e) => e.action === 'payment.reconcile');
    expect(audit.filter((e) => e.target === `payment:${id}`).every((e) => /^admin:/.test(e.actor))).toBe(true);
    expect(
      audit
        .filter((e) => e.target === `payment:${id}`)
        .map((e) => (JSON.parse(e.details) as { resolution: string; actor?: string }).resolution)
        .sort(),
    ).toEqual(['credited', 'notCredited']);
    sim.faults.clear();
  });

  it('hosted deposit: redirect with a signed link → signed callback → 3.5 once; replays change nothing; forged, stale and mismatched callbacks are refused', async () => {
    const trader = await seedTrader(t, 0);
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'deposit');
    expect(form.html).toContain('value="hosted"');
    const submitted = await submitPayment(client, form.html, { amount: '75', method: 'hosted' });
    expect(submitted.status).toBe(303);
    const redirect = new URL(submitted.location!);
    expect(redirect.origin + redirect.pathname).toBe(page.url);
    const id = redirect.searchParams.get('paymentId')!;
    expect(redirect.searchParams.get('amountMinor')).toBe('7500');
    const callbackUrl = redirect.searchParams.get('callbackUrl')!;
    const pending = await admin('GET', `/admin/brokers/broker_a/payments/${id}`);
    expect(pending.body.state).toBe('pending');
    // An admin cannot approve a hosted payment: the provider confirms it.
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`)).status).toBe(409);

    const base = { paymentId: id, eventId: 'evt_1', status: 'succeeded', amountMinor: 7500, currency: 'USD', timestamp: Math.floor(Date.now() / 1000) };
    // Forged: wrong secret, a changed field, no signature → 401, nothing changes.
    const forged = await page.deliver(callbackUrl, base, page.signCallback(base, 'not-the-shared-secret-at-all'));
    expect(forged.status).toBe(401);
    expect(forged.response).toEqual({ error: 'Unauthorized', message: expect.any(String), code: 'CALLBACK_SIGNATURE_INVALID' });
    expect((await page.deliver(callbackUrl, { ...base, amountMinor: 750000 }, page.signCallback(base))).status).toBe(401);
    expect((await page.deliver(callbackUrl, base, '')).status).toBe(401);
    // Stale (captured long ago and replayed): refused even with a valid signature.
    expect((await page.deliver(callbackUrl, { ...base, timestamp: base.timestamp - 3600 })).status).toBe(401);
    // Signed, but not what was asked for.
    expect((await page.deliver(callbackUrl, { ...base, amountMinor: 7600 })).status).toBe(409);
    expect((await page.deliver(callbackUrl, { ...base, paymentId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await admin('GET', `/admin/brokers/broker_a/payments/${id}`)).body.state).toBe('pending');
    expect(historyOf(sim, trader.login, `pay-${id}`)).toHaveLength(0);

    // The real one, delivered three times at once and again later: one approval, one balance change.
    const first = await Promise.all([1, 2, 3].map(() => page.deliver(callbackUrl, base)));
    expect(first.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(first.filter((d) => (d.response as { duplicate: boolean }).duplicate === false)).toHaveLength(1);
    const done = await completed(id);
    expect(done.state).toBe('completed');
    const replay = await page.deliver(callbackUrl, base);
    expect(replay.status).toBe(200);
    expect(replay.response).toMatchObject({ paymentId: id, state: 'completed', duplicate: true });
    // A different event for a decided payment is a conflict, not a second decision.
    expect((await page.deliver(callbackUrl, { ...base, eventId: 'evt_2', status: 'declined' })).status).toBe(409);
    expect(historyOf(sim, trader.login, `pay-${id}`)).toHaveLength(1);
    expect(sim.state.getTrader(trader.login)!.balance).toBe(7500);
    const security = (await t.app.get(AuditService).list({ brokers: ['broker_a'], category: 'security', limit: 100 })).filter(
      (e) => e.target === `payment:${id}`,
    );
    expect(security.map((e) => e.action)).toEqual(
      expect.arrayContaining(['payment.callback.badSignature', 'payment.callback.stale', 'payment.callback.mismatch']),
    );
  });

  it('hosted deposit declined by the provider: rejected, no balance change', async () => {
    const trader = await seedTrader(t, 0);
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'deposit');
    const redirect = new URL((await submitPayment(client, form.html, { amount: '15', method: 'hosted' })).location!);
    const id = redirect.searchParams.get('paymentId')!;
    const r = await page.deliver(redirect.searchParams.get('callbackUrl')!, {
      paymentId: id,
      eventId: 'evt_d',
      status: 'declined',
      amountMinor: 1500,
      currency: 'USD',
      timestamp: Math.floor(Date.now() / 1000),
    });
    expect(r.status).toBe(200);
    expect((await admin('GET', `/admin/brokers/broker_a/payments/${id}`)).body).toMatchObject({ state: 'rejected', reason: 'PROVIDER_DECLINED' });
    expect(historyOf(sim, trader.login, `pay-${id}`)).toHaveLength(0);
  });

  it('withdrawal: free funds from cTrader minus open withdrawals; approve → 3.5 WITHDRAW once; over the funds → form error, nothing created', async () => {
    const trader = await seedTrader(t, 10000); // 100.00 USD
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'withdraw');
    expect(form.status).toBe(200);
    expect(form.html).toContain('100.00 USD');
    const tooMuch = await submitPayment(client, form.html, { amount: '150', destination: 'CY17 0020 0128 0000 0012 0052 7600' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.html).toContain('more than the funds available');
    const noDestination = await submitPayment(client, form.html, { amount: '10' });
    expect(noDestination.status).toBe(422);

    const ok = await submitPayment(client, form.html, { amount: '60', destination: 'CY17 0020 0128 0000 0012 0052 7600' });
    expect(ok.status).toBe(303);
    const id = paymentIdFrom(ok.location);
    // 60 of 100 are held by the open request: a second one for 50 does not fit any more.
    const again = await client.open(`/inapp/withdraw?${Q}&account=${trader.login}`);
    expect(again.html).toContain('40.00 USD');
    expect((await submitPayment(client, again.html, { amount: '50', destination: 'somewhere' })).status).toBe(422);

    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`)).status).toBe(200);
    const done = await completed(id);
    expect(done).toMatchObject({ state: 'completed', kind: 'withdrawal', destination: 'CY17 0020 0128 0000 0012 0052 7600' });
    const entries = historyOf(sim, trader.login, `pay-${id}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'WITHDRAW', delta: '-60.00', balanceHistoryId: done.balanceHistoryId });
    expect(sim.state.getTrader(trader.login)!.balance).toBe(4000);
  });

  it('withdrawal: NOT_ENOUGH_MONEY at approval (money gone since the request) → rejected with a clear message, nothing half-done', async () => {
    const trader = await seedTrader(t, 10000);
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'withdraw');
    const submitted = await submitPayment(client, form.html, { amount: '80', destination: 'IBAN DE00 0000' });
    const id = paymentIdFrom(submitted.location);
    // The trader lost money trading meanwhile (a balance change made outside this request).
    await t.app.get(CtraderGateway).changeBalance('broker_a', { login: trader.login, preciseAmount: '50', type: 'WITHDRAW', externalId: 'trading-loss-1' });
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`)).status).toBe(200);
    const done = await completed(id);
    expect(done).toMatchObject({ state: 'rejected', reason: 'NOT_ENOUGH_MONEY', balanceHistoryId: null });
    expect(historyOf(sim, trader.login, `pay-${id}`)).toHaveLength(0);
    expect(sim.state.getTrader(trader.login)!.balance).toBe(5000);
    expect(rejectedEvents.filter((e) => e.login === trader.login)).toEqual([
      {
        brokerName: 'broker_a',
        userId: trader.userId,
        login: trader.login,
        kind: 'withdrawal',
        paymentId: id,
        amountMinor: expect.any(Number),
        currency: 'USD',
        reason: 'NOT_ENOUGH_MONEY',
      },
    ]);
    const status = await client.get(submitted.location!);
    expect(status.html).toContain('not have enough free funds');
    // The rejected request no longer holds money: 50 can be requested again.
    const again = await client.open(`/inapp/withdraw?${Q}&account=${trader.login}`);
    expect(again.html).toContain('50.00 USD');
  });

  it('a balance change cTrader refuses for another reason (TRADER_NOT_FOUND) ends failed, visible to admin and trader, no balance change', async () => {
    const trader = await seedTrader(t, 0);
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'deposit');
    const submitted = await submitPayment(client, form.html, { amount: '25' });
    const id = paymentIdFrom(submitted.location);
    // cTrader refuses: the trader is unknown there (e.g. removed by the dealing desk after the request).
    sim.faults.add({ call: '3.5', mode: 'error', status: 404, errorCode: 'TRADER_NOT_FOUND', times: 1 });
    expect((await admin('POST', `/admin/brokers/broker_a/payments/${id}/approve`)).status).toBe(200);
    const done = await completed(id);
    expect(done).toMatchObject({ state: 'failed', reason: 'TRADER_NOT_FOUND', balanceHistoryId: null });
    expect(historyOf(sim, trader.login, `pay-${id}`)).toHaveLength(0);
    const status = await client.get(submitted.location!);
    expect(status.html).toContain('Our team has been notified');
    sim.faults.clear();
  });

  it('admin reject of a pending request: audited, payment.rejected, no cTrader call', async () => {
    const trader = await seedTrader(t, 0);
    const { client, page: form } = await openPaymentScreen(t, ct, trader, 'deposit');
    const id = paymentIdFrom((await submitPayment(client, form.html, { amount: '12' })).location);
    const calls = sim.state.countCalls('3.5');
    const r = await admin('POST', `/admin/brokers/broker_a/payments/${id}/reject`, { note: 'no transfer arrived' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'rejected', reason: 'ADMIN_REJECTED', note: 'no transfer arrived' });
    expect(sim.state.countCalls('3.5')).toBe(calls);
    const audit = await t.app.get(AuditService).list({ brokers: ['broker_a'], limit: 50 });
    expect(audit.find((e) => e.target === `payment:${id}`)?.action).toBe('payment.reject');
    // Filters and validation of the admin API.
    expect(
      (await admin('GET', `/admin/brokers/broker_a/payments?state=rejected&kind=deposit&login=${trader.login}`)).body.map((p: { id: string }) => p.id),
    ).toEqual([id]);
    expect((await admin('GET', '/admin/brokers/broker_a/payments?state=bogus')).status).toBe(400);
    expect((await admin('GET', '/admin/brokers/broker_a/payments/not-a-uuid')).status).toBe(404);
    expect((await http(`${t.baseUrl}/admin/brokers/broker_a/payments`)).status).toBe(401);
  });

  it('the callback route is broker-gated and validates its body (400, never 5xx)', async () => {
    const url = `${t.baseUrl}/inapp/payments/hosted/callback?${Q}`;
    expect((await http(url, { method: 'POST', json: { paymentId: 'x' } })).status).toBe(400);
    expect((await http(url, { method: 'POST', body: '{not json', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    const b = await http(`${t.baseUrl}/inapp/payments/hosted/callback?brokerName=broker_b&brokerCrmName=crm_shared`, { method: 'POST', json: {} });
    expect(b.status).toBe(404);
    expect(b.body.code).toBe('MODULE_DISABLED');
  });
});
