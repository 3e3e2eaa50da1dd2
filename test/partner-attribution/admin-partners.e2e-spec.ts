import { CtraderSimulator } from '../../src/simulator';
import { observeDurable } from '../support/durable-events';
import { startSimulatorFor } from '../support/simulator-harness';
import { http, startTestApp, TestApp } from '../support/test-app';
import { adminKey, eventually, partnerTestConfig, referralsOf, signedUpUser } from './partner-harness';

/** Admin API for partners: create, tree, move (cycles refused), remove (3.8), stats per level, history, audit, scopes. */
describe('admin API: partners', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  let root: string;
  let readA: string;
  let writeB: string;
  const statusChanges: Array<{ userId: number; isPartner: boolean }> = [];

  beforeAll(async () => {
    const config = partnerTestConfig();
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    root = await adminKey(t);
    readA = await adminKey(t, ['broker_a'], 'read');
    writeB = await adminKey(t, ['broker_b']);
    observeDurable(t.app, 'partner.statusChanged', (e) => void statusChanges.push({ userId: e.userId, isPartner: e.isPartner }));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  const call = (method: string, path: string, key: string, json?: unknown) =>
    http(`${t.baseUrl}${path}`, { method, json, headers: { authorization: `Bearer ${key}` } });

  it('builds a tree, moves a subtree, refuses a cycle, removes a partner (children move up, 3.8 at cTrader), all audited', async () => {
    const [ua, ub, uc, ud] = [
      await signedUpUser(t, 'broker_a', 'Ann'),
      await signedUpUser(t, 'broker_a', 'Ben'),
      await signedUpUser(t, 'broker_a', 'Cid'),
      await signedUpUser(t, 'broker_a', 'Dot'),
    ];
    const a = (await call('POST', '/admin/brokers/broker_a/partners', root, { userId: ua.ctidUserId })).body;
    expect(a).toMatchObject({ userId: ua.ctidUserId, email: ua.email, parentPartnerId: null, status: 'active', source: 'admin' });
    expect(a.referralLink).toContain(`partnerId=${a.partnerId}`);
    const b = (await call('POST', '/admin/brokers/broker_a/partners', root, { email: ub.email, parentPartnerId: a.partnerId })).body;
    const c = (await call('POST', '/admin/brokers/broker_a/partners', root, { userId: uc.ctidUserId, parentPartnerId: b.partnerId })).body;
    const d = (await call('POST', '/admin/brokers/broker_a/partners', root, { userId: ud.ctidUserId })).body;
    expect(c.parentPartnerId).toBe(b.partnerId);
    // Creating again answers the same partner.
    expect((await call('POST', '/admin/brokers/broker_a/partners', root, { userId: ua.ctidUserId })).body.partnerId).toBe(a.partnerId);
    expect(statusChanges.filter((s) => s.isPartner)).toHaveLength(4);

    const downA = (await call('GET', `/admin/brokers/broker_a/partners/${a.partnerId}/downline`, readA)).body;
    expect(downA).toEqual([
      { partnerId: b.partnerId, depth: 1, parentPartnerId: a.partnerId },
      { partnerId: c.partnerId, depth: 2, parentPartnerId: b.partnerId },
    ]);
    expect((await call('GET', `/admin/brokers/broker_a/partners/${c.partnerId}/upline`, readA)).body.map((n: { partnerId: string }) => n.partnerId)).toEqual([
      b.partnerId,
      a.partnerId,
    ]);

    const cycle = await call('POST', `/admin/brokers/broker_a/partners/${a.partnerId}/move`, root, { parentPartnerId: c.partnerId });
    expect(cycle.status).toBe(409);
    expect(cycle.body).toMatchObject({ code: 'CONFLICT' });
    const moved = await call('POST', `/admin/brokers/broker_a/partners/${b.partnerId}/move`, root, { parentPartnerId: d.partnerId });
    expect(moved.status).toBe(200);
    expect(moved.body.parentPartnerId).toBe(d.partnerId);
    expect((await call('GET', `/admin/brokers/broker_a/partners/${c.partnerId}/upline`, readA)).body.map((n: { partnerId: string }) => n.partnerId)).toEqual([
      b.partnerId,
      d.partnerId,
    ]);
    expect((await call('GET', `/admin/brokers/broker_a/partners/${d.partnerId}/stats`, readA)).body).toEqual([
      { level: 1, partners: 1, traders: 0 },
      { level: 2, partners: 1, traders: 0 },
    ]);

    await eventually(() => referralsOf(sim, ub.ctidUserId!).some((r) => r.partnerId === b.partnerId));
    const removed = await call('DELETE', `/admin/brokers/broker_a/partners/${b.partnerId}`, root);
    expect(removed.body).toMatchObject({ status: 'removed' });
    expect((await call('GET', `/admin/brokers/broker_a/partners/${c.partnerId}`, readA)).body.parentPartnerId).toBe(d.partnerId);
    await eventually(() => referralsOf(sim, ub.ctidUserId!).length === 0);
    await eventually(async () => (await call('GET', `/admin/brokers/broker_a/partners/${b.partnerId}`, readA)).body.referralState === 'removed');
    expect(statusChanges).toContainEqual({ userId: ub.id, isPartner: false });
    expect((await call('DELETE', `/admin/brokers/broker_a/partners/${b.partnerId}`, root)).status).toBe(404);

    const audit = (await call('GET', '/admin/audit-events?brokerName=broker_a', root)).body.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['partner.create', 'partner.move', 'partner.remove']));
    const list = (await call('GET', '/admin/brokers/broker_a/partners', readA)).body.map((p: { partnerId: string }) => p.partnerId);
    expect(list).toEqual(expect.arrayContaining([a.partnerId, c.partnerId, d.partnerId]));
    expect(list).not.toContain(b.partnerId);
  });

  it('scopes: a read key cannot write, another broker’s key sees nothing, unknown users and partners are 404, bad bodies 400', async () => {
    const u = await signedUpUser(t, 'broker_a', 'Eve');
    expect((await call('POST', '/admin/brokers/broker_a/partners', readA, { userId: u.ctidUserId })).body).toMatchObject({ code: 'ADMIN_FORBIDDEN' });
    expect((await call('POST', '/admin/brokers/broker_a/partners', writeB, { userId: u.ctidUserId })).body).toMatchObject({
      code: 'ADMIN_BROKER_FORBIDDEN',
    });
    expect((await call('GET', '/admin/brokers/broker_a/partners', writeB)).status).toBe(403);
    expect((await call('POST', '/admin/brokers/broker_b/partners', root, { userId: u.ctidUserId })).status).toBe(404);
    expect((await call('POST', '/admin/brokers/broker_a/partners', root, {})).status).toBe(400);
    expect((await call('POST', '/admin/brokers/broker_a/partners', root, { userId: 'x' })).status).toBe(400);
    expect((await call('GET', '/admin/brokers/broker_a/partners/nope', root)).status).toBe(404);
    expect((await call('GET', '/admin/brokers/broker_c/partners', root)).body).toMatchObject({ code: 'MODULE_DISABLED' });
    // The broker is in the path only: a body or a query that still names one is refused as an unknown field.
    const stale = await call('POST', '/admin/brokers/broker_a/partners', root, { brokerName: 'broker_a', userId: u.ctidUserId });
    expect([stale.status, stale.body.code, stale.body.message]).toEqual([400, 'INVALID_REQUEST', 'Unknown field: brokerName']);
    expect((await call('GET', '/admin/brokers/broker_a/partners?brokerName=broker_a', root)).body.code).toBe('INVALID_REQUEST');
    expect((await call('GET', '/admin/brokers/no_such_broker/partners', root)).body.code).toBe('NOT_FOUND');
  });
});
