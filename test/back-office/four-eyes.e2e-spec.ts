import { DataSource } from 'typeorm';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { AuditEvent } from '../../src/kernel/audit/audit-event.entity';
import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { CHANGE_BALANCE_JOB_KIND } from '../../src/kernel/ctrader-gateway/change-balance/change-balance.job';
import { Job } from '../../src/kernel/jobs/job.entity';
import { PaymentKind } from '../../src/modules/inapp-actions/payments/domain/payment-state';
import { PaymentRequests } from '../../src/modules/inapp-actions/payments/services/payment-requests.service';
import { CtraderSimulator } from '../../src/simulator';
import { seedUser } from '../support/seed';
import { startSimulatorFor, withEnv } from '../support/simulator-harness';
import { onPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { adminCall, eventually, FAST_JOBS_ENV, historyOf, paymentsTestConfig, seedTrader, SeededTrader } from '../inapp-actions/payments-harness';
import { enrolStaff, EnrolledStaff } from './staff-kit';

/**
 * Issue #19: four-eyes on money. broker_a: withdrawals from 100.00 and deposits from 500.00 need a second approval by
 * a different person. Exactly-once is judged by the simulator's balance history (one entry per externalId).
 */
describe(`back office: four-eyes on payments (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let restoreEnv: () => void;
  let sim: CtraderSimulator;
  let t: TestApp;
  let trader: SeededTrader;
  let pam: EnrolledStaff;
  let quinn: EnrolledStaff;
  let sam: EnrolledStaff;
  let rita: EnrolledStaff;
  let pamKey: ReturnType<typeof adminCall>;
  let machine: ReturnType<typeof adminCall>;
  let form = 0;

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    const config = paymentsTestConfig('http://127.0.0.1:9/hosted');
    const a = config.brokers.find((b) => b.brokerName === 'broker_a')!;
    a.payments.fourEyes.withdrawalsFrom = 100;
    a.payments.fourEyes.depositsFrom = 500;
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    const keys = t.app.get(AdminApiKeyService);
    const root = (await keys.create({ name: 'root', role: 'admin', brokers: '*' })).key;
    pam = await enrolStaff(t, root, 'pam@example.test', [{ broker: 'broker_a', role: 'payments' }]);
    quinn = await enrolStaff(t, root, 'quinn@example.test', [{ broker: 'broker_a', role: 'payments' }]);
    sam = await enrolStaff(t, root, 'sam@example.test', [{ broker: '*', role: 'payments' }]);
    rita = await enrolStaff(t, root, 'rita@example.test', [
      { broker: 'broker_b', role: 'payments' },
      { broker: 'broker_a', role: 'viewer' },
    ]);
    pamKey = adminCall(t, (await keys.create({ name: 'pam script', role: 'payments', brokers: ['broker_a'], ownerStaffId: pam.id })).key);
    machine = adminCall(t, (await keys.create({ name: 'payout robot', role: 'payments', brokers: ['broker_a'] })).key);
    trader = await seedTrader(t, 1_000_000);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await sim?.close();
    restoreEnv?.();
  });

  async function request(kind: PaymentKind, amountMinor: number, userId = trader.userId, login = trader.login): Promise<string> {
    const broker = t.app.get(BrokerRegistry).findByName('broker_a')!;
    const outcome = await t.app.get(PaymentRequests).create(broker, {
      userId,
      login,
      kind,
      provider: 'manual',
      amountMinor,
      currency: 'USD',
      moneyDigits: 2,
      formKey: `form-${++form}`,
      withdrawableMinor: 1_000_000,
    });
    if (!outcome.ok) throw new Error(outcome.reason);
    await t.app.get(PaymentRequests).markPending(outcome.payment);
    return outcome.payment.id;
  }
  const approve = (who: EnrolledStaff, id: string) => who.browser.call('POST', `/admin/brokers/broker_a/payments/${id}/approve`, {});
  const settled = (id: string) =>
    eventually(async () => {
      const r = await pam.browser.call('GET', `/admin/brokers/broker_a/payments/${id}`);
      return ['completed', 'rejected', 'failed'].includes(r.body.state) ? r.body : undefined;
    }, `payment ${id} to settle`);
  const jobsOf = (id: string) =>
    t.app
      .get(DataSource)
      .getRepository(Job)
      .countBy({ kind: CHANGE_BALANCE_JOB_KIND, idempotencyKey: `pay-${id}` });
  const auditOf = (id: string) =>
    t.app
      .get(DataSource)
      .getRepository(AuditEvent)
      .find({ where: { target: `payment:${id}` }, order: { id: 'ASC' } });

  it('below the threshold one approval is enough', async () => {
    const id = await request('withdrawal', 9_999);
    const r = await approve(pam, id);
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('approved');
    expect((await settled(id)).state).toBe('completed');
    expect(historyOf(sim, trader.login, `pay-${id}`)).toHaveLength(1);
  });

  it('a large withdrawal needs a second person; the first approver, their own key, a machine key and another broker cannot give it', async () => {
    const id = await request('withdrawal', 10_000);
    const first = await approve(pam, id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'pending', firstApprovedBy: `staff:${pam.id}` });
    expect(await jobsOf(id)).toBe(0);

    const again = await approve(pam, id);
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('FOUR_EYES_REFUSED');
    const ownKey = await pamKey('POST', `/admin/brokers/broker_a/payments/${id}/approve`, {});
    expect(ownKey.status).toBe(403);
    expect(ownKey.body.code).toBe('FOUR_EYES_REFUSED');
    const robot = await machine('POST', `/admin/brokers/broker_a/payments/${id}/approve`, {});
    expect(robot.status).toBe(403);
    expect(robot.body.code).toBe('FOUR_EYES_REFUSED');
    // Rita has payments on broker_b only: broker_a's path is not hers for that permission.
    const otherBroker = await approve(rita, id);
    expect(otherBroker.status).toBe(403);
    expect(otherBroker.body.code).toBe('ADMIN_BROKER_FORBIDDEN');
    expect(await jobsOf(id)).toBe(0);

    const second = await approve(quinn, id);
    expect(second.status).toBe(200);
    expect(second.body.state).toBe('approved');
    expect((await settled(id)).state).toBe('completed');
    expect(historyOf(sim, trader.login, `pay-${id}`)).toHaveLength(1);
    const events = await auditOf(id);
    expect(events.map((e) => [e.action, e.actor, e.actorDisplay])).toEqual(
      expect.arrayContaining([
        ['payment.approve_first', `staff:${pam.id}`, 'pam@example.test'],
        ['payment.approve', `staff:${quinn.id}`, 'quinn@example.test'],
      ]),
    );
    expect(JSON.parse(events.find((e) => e.action === 'payment.approve')!.details)).toMatchObject({ firstApproverId: pam.id });
  });

  it('concurrent second approvals queue one balance change', async () => {
    const id = await request('withdrawal', 20_000);
    expect((await approve(pam, id)).status).toBe(200);
    const results = await Promise.all([approve(quinn, id), approve(sam, id), approve(quinn, id), approve(pam, id)]);
    const approved = results.filter((r) => r.status === 200 && r.body.state === 'approved');
    expect(approved).toHaveLength(1);
    expect(results.filter((r) => r.status === 200 && r.body.state !== 'approved')).toEqual([]);
    expect(await jobsOf(id)).toBe(1);
    expect((await settled(id)).state).toBe('completed');
    expect(historyOf(sim, trader.login, `pay-${id}`)).toHaveLength(1);
  });

  it('the same person approving twice at once gives one first approval and no money movement', async () => {
    const id = await request('withdrawal', 30_000);
    const results = await Promise.all([approve(pam, id), approve(pam, id), pamKey('POST', `/admin/brokers/broker_a/payments/${id}/approve`, {})]);
    expect(results.filter((r) => r.status === 200).map((r) => r.body.state)).toEqual(['pending']);
    expect(results.filter((r) => r.status === 403).every((r) => r.body.code === 'FOUR_EYES_REFUSED')).toBe(true);
    expect(await jobsOf(id)).toBe(0);
  });

  it('a staff member cannot approve money they asked for as a trader (email compared in any letter case)', async () => {
    const selfTrader = await seedUser(t.app, 'broker_a', { email: 'Quinn@Example.TEST' });
    const id = await request('deposit', 1_000, selfTrader.id);
    const r = await approve(quinn, id);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FOUR_EYES_REFUSED');
    expect(await jobsOf(id)).toBe(0);
  });

  it('deposits follow their own threshold', async () => {
    const small = await request('deposit', 49_999);
    expect((await approve(sam, small)).body.state).toBe('approved');
    const large = await request('deposit', 50_000);
    expect((await approve(sam, large)).body.state).toBe('pending');
    expect((await approve(pam, large)).body.state).toBe('approved');
    expect((await settled(large)).state).toBe('completed');
    expect(historyOf(sim, trader.login, `pay-${large}`)).toHaveLength(1);
  });

  it('rejecting needs no second person', async () => {
    const id = await request('withdrawal', 40_000);
    expect((await approve(pam, id)).status).toBe(200);
    const r = await quinn.browser.call('POST', `/admin/brokers/broker_a/payments/${id}/reject`, { note: 'not verified' });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('rejected');
  });
});
