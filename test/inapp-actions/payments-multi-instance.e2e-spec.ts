import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { CtraderSimulator } from '../../src/simulator';
import { startSimulatorFor, withEnv } from '../support/simulator-harness';
import { onPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { HostedPaymentPage } from './payments-hosted-page';
import {
  adminCall,
  appClient,
  eventually,
  FAST_JOBS_ENV,
  historyOf,
  HOSTED_SECRET,
  openPaymentScreen,
  paymentIdFrom,
  paymentsTestConfig,
  ScreenClient,
  SeededTrader,
  seedTrader,
  submitPayment,
} from './payments-harness';

const MANUAL = 12;
const HOSTED = 6;

/**
 * Two server instances on one database (as behind a load balancer, ARCHITECTURE.md §5), both running job workers,
 * cTrader failing in the ways that matter for exactly-once (answer lost after the effect, 5xx, timeouts, failing
 * history reads): every request is approved on both instances at once, every hosted callback is delivered to both,
 * forms are double-submitted across instances — and the simulator's balance history shows exactly one change per
 * request.
 */
describe(`payments exactly-once across two instances (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let restoreEnv: () => void;
  let page: HostedPaymentPage;
  let sim: CtraderSimulator;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    page = await new HostedPaymentPage(HOSTED_SECRET).start();
    const config = paymentsTestConfig(page.url, { timeoutMs: 400 });
    sim = await startSimulatorFor(config);
    a = await startTestApp(config);
    b = await startTestApp(config);
  }, 60000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sim?.close();
    await page?.close();
    restoreEnv?.();
  });

  it(`${MANUAL} manual and ${HOSTED} hosted deposits: one balance change each`, async () => {
    const key = (await a.app.get(AdminApiKeyService).create({ name: 'payments', role: 'write', brokers: ['broker_a'] })).key;
    const adminA = adminCall(a, key);
    const adminB = adminCall(b, key);
    const ct = appClient(a);

    // Requests made through both instances; each form POSTed to both at once (a double submit across instances).
    const traders: SeededTrader[] = [];
    for (let i = 0; i < 4; i++) traders.push(await seedTrader(i % 2 ? b : a, 0));
    const manual: Array<{ id: string; login: number }> = [];
    const hosted: Array<{ id: string; login: number; callbackUrl: string }> = [];
    for (let i = 0; i < MANUAL + HOSTED; i++) {
      const trader = traders[i % traders.length];
      const [first, second] = i % 2 ? [a, b] : [b, a];
      const { client, page: form } = await openPaymentScreen(first, ct, trader, 'deposit');
      const method = i < MANUAL ? 'manual' : 'hosted';
      const fields = { amount: `${10 + i}.25`, method };
      const viaSecond = new ScreenClient(second.baseUrl);
      // The same browser (same cookies) talking to the other instance.
      copyCookies(client, viaSecond);
      const [r1, r2] = await Promise.all([submitPayment(client, form.html, fields), submitPayment(viaSecond, form.html, fields)]);
      expect([r1.status, r2.status]).toEqual([303, 303]);
      if (method === 'manual') {
        const id = paymentIdFrom(r1.location);
        expect(paymentIdFrom(r2.location)).toBe(id);
        manual.push({ id, login: trader.login });
      } else {
        const u1 = new URL(r1.location!);
        expect(new URL(r2.location!).searchParams.get('paymentId')).toBe(u1.searchParams.get('paymentId'));
        hosted.push({ id: u1.searchParams.get('paymentId')!, login: trader.login, callbackUrl: u1.searchParams.get('callbackUrl')! });
      }
    }
    for (const trader of traders) {
      const list = (await adminA('GET', `/admin/brokers/broker_a/payments?login=${trader.login}`)).body as unknown[];
      expect(list.length).toBe(manual.filter((p) => p.login === trader.login).length + hosted.filter((p) => p.login === trader.login).length);
    }

    // cTrader fails the first 3.5 calls, deterministically: three answers lost after the effect, three 503s, one
    // timeout. Each leaves its outcome unknown, so at least 7 requests must go through reconciliation.
    sim.faults.add({ call: '3.5', mode: 'dropAfterEffect', times: 3 });
    sim.faults.add({ call: '3.5', mode: 'error', status: 503, times: 3 });
    sim.faults.add({ call: '3.5', mode: 'timeout', times: 1 });

    // Every manual request approved on both instances at the same moment: exactly one approval wins.
    for (const p of manual) {
      const [x, y] = await Promise.all([
        adminA('POST', `/admin/brokers/broker_a/payments/${p.id}/approve`),
        adminB('POST', `/admin/brokers/broker_a/payments/${p.id}/approve`),
      ]);
      expect([x.status, y.status].sort()).toEqual([200, 409]);
    }
    // Every hosted callback delivered to both instances at once, then replayed.
    for (const p of hosted) {
      const list = (await adminA('GET', `/admin/brokers/broker_a/payments/${p.id}`)).body as { amountMinor: number; currency: string };
      const body = {
        paymentId: p.id,
        eventId: `evt-${p.id}`,
        status: 'succeeded',
        amountMinor: list.amountMinor,
        currency: list.currency,
        timestamp: Math.floor(Date.now() / 1000),
      };
      const path = p.callbackUrl.replace(/^http:\/\/127\.0\.0\.1:\d+/, '');
      const [onA, onB] = [`${a.baseUrl}${path}`, `${b.baseUrl}${path}`];
      const deliveries = await Promise.all([page.deliver(onA, body), page.deliver(onB, body), page.deliver(onA, body)]);
      expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
      expect(deliveries.filter((d) => (d.response as { duplicate: boolean }).duplicate === false)).toHaveLength(1);
    }

    const all = [...manual, ...hosted];
    const stateOf = async (p: { id: string }, i: number) =>
      (await (i % 2 ? adminB : adminA)('GET', `/admin/brokers/broker_a/payments/${p.id}`)).body as { state: string; balanceHistoryId: number | null };
    // Staff work the reconciliation queue on either instance, deciding from the balance cTrader shows, until every
    // request is completed. A resend may end unknown again (a real timeout on a loaded machine): then it comes back.
    const reconciled = new Set<string>();
    const finished = await eventually(
      async () => {
        const queue = (await adminA('GET', '/admin/brokers/broker_a/payments?state=reconciliation&limit=500')).body as Array<{ id: string; login: number }>;
        // Staff decide once cTrader is done with every 3.5 it received (a request our client gave up on may still land).
        if (queue.length && sim.state.unsettledCalls('3.5') > 0) return undefined;
        for (const [i, p] of queue.entries()) {
          const call = i % 2 ? adminB : adminA;
          const view = (await call('GET', `/admin/brokers/broker_a/payments/${p.id}/reconciliation`)).body as {
            attempt: { state: string };
            trader: { balance: number } | null;
          };
          expect(view.attempt.state).toBe('sending');
          expect(view.trader).not.toBeNull();
          // What the balance would show a person: this request's own entry at cTrader, or none.
          const entry = historyOf(sim, p.login, `pay-${p.id}`)[0];
          const decision = entry
            ? { resolution: 'credited', balanceHistoryId: entry.balanceHistoryId, note: 'seen at cTrader' }
            : { resolution: 'notCredited', note: 'not at cTrader' };
          const r = await call('POST', `/admin/brokers/broker_a/payments/${p.id}/reconcile`, decision);
          expect(r.status).toBe(200);
          reconciled.add(p.id);
        }
        const states = await Promise.all(all.map(stateOf));
        return states.every((s) => s.state === 'completed') ? states : undefined;
      },
      'every payment to complete',
      60000,
    );
    sim.faults.clear();
    all.forEach((p, i) => {
      const entries = historyOf(sim, p.login, `pay-${p.id}`);
      expect(entries).toHaveLength(1);
      expect(finished[i].balanceHistoryId).toBe(entries[0].balanceHistoryId);
    });
    // Nothing else moved money on these accounts.
    for (const trader of traders) {
      const expected = all.filter((p) => p.login === trader.login).length;
      expect(sim.state.balanceHistory(trader.login)).toHaveLength(expected);
    }
    // The faults really happened (otherwise this test would prove little), and no balance-history read was made.
    expect(sim.state.calls({ call: '3.5' }).filter((c) => c.fault).length).toBe(7);
    expect(reconciled.size).toBeGreaterThanOrEqual(7);
    expect(sim.state.countCalls('balanceHistoryRead')).toBe(0);
  }, 120000);
});

function copyCookies(from: ScreenClient, to: ScreenClient): void {
  for (const part of from.jar.header().split('; ').filter(Boolean)) {
    const eq = part.indexOf('=');
    to.jar.set(part.slice(0, eq), decodeURIComponent(part.slice(eq + 1)));
  }
}
