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
    const a = (await call('POST', '/admin/partners', root, { brokerName: 'broker_a', userId: ua.ctidUserId })).body;
    expect(a).toMatchObject({ userId: ua.ctidUserId, email: ua.email, parentPartnerId: null, status: 'active', source: 'admin' });
    expect(a.referralLink).toContain(`partnerId=${a.partnerId}`);
    const b = (await call('POST', '/admin/partners', root, { brokerName: 'broker_a', email: ub.email, parentPartnerId: a.partnerId })).body;
    const c = (await call('POST', '/admin/partners', root, { brokerName: 'broker_a', userId: uc.ctidUserId, parentPartnerId: b.partnerId })).body;
    const d = (await call('POST', '/admin/partners', root, { brokerName: 'broker_a', userId: ud.ctidUserId })).body;
    expect(c.parentPartnerId).toBe(b.partnerId);
    // Creating again answers the same partner.
    expect((await call('POST', '/admin/partners', root, { brokerName: 'broker_a', userId: ua.ctidUserId })).body.partnerId).toBe(a.partnerId);
    expect(statusChanges.filter((s) => s.isPartner)).toHaveLength(4);

    const downA = (await call('GET', `/admin/partners/${a.partnerId}/downline?brokerName=broker_a`, readA)).body;
    expect(downA).toEqual([
      { partnerId: b.partnerId, depth: 1, parentPartnerId: a.partnerId },
      { partnerId: c.partnerId, depth: 2, parentPartnerId: b.partnerId },
    ]);
    expect((await call('GET', `/admin/partners/${c.partnerId}/upline?brokerName=broker_a`, readA)).body.map((n: { partnerId: string }) => n.partnerId)).toEqual(
      [b.partnerId, a.partnerId],
    );

    const cycle = await call('POST', `/admin/partners/${a.partnerId}/move`, root, { brokerName: 'broker_a', parentPartnerId: c.partnerId });
    expect(cycle.status).toBe(409);
    expect(cycle.body).toMatchObject({ code: 'CONFLICT' });
    const moved = await call('POST', `/admin/partners/${b.partnerId}/move`, root, { brokerName: 'broker_a', parentPartnerId: d.partnerId });
    expect(moved.status).toBe(200);
    expect(moved.body.parentPartnerId).toBe(d.partnerId);
    expect((await call('GET', `/admin/partners/${c.partnerId}/upline?brokerName=broker_a`, readA)).body.map((n: { partnerId: string }) => n.partnerId)).toEqual(
      [b.partnerId, d.partnerId],
    );
    expect((await call('GET', `/admin/partners/${d.partnerId}/stats?brokerName=broker_a`, readA)).body).toEqual([
      { level: 1, partners: 1, traders: 0 },
      { level: 2, partners: 1, traders: 0 },
    ]);

    await eventually(() => referralsOf(sim, ub.ctidUserId!).some((r) => r.partnerId === b.partnerId));
    const removed = await call('DELETE', `/admin/partners/${b.partnerId}?brokerName=broker_a`, root);
    expect(removed.body).toMatchObject({ status: 'removed' });
    expect((await call('GET', `/admin/partners/${c.partnerId}?brokerName=broker_a`, readA)).body.parentPartnerId).toBe(d.partnerId);
    await eventually(() => referralsOf(sim, ub.ctidUserId!).length === 0);
    await eventually(async () => (await call('GET', `/admin/partners/${b.partnerId}?brokerName=broker_a`, readA)).body.referralState === 'removed');
    expect(statusChanges).toContainEqual({ userId: ub.id, isPartner: false });
    expect((await call('DELETE', `/admin/partners/${b.partnerId}?brokerName=broker_a`, root)).status).toBe(404);

    const audit = (await call('GET', '/admin/audit-events?brokerName=broker_a', root)).body.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['partner.create', 'partner.move', 'partner.remove']));
    const list = (await call('GET', '/admin/partners?brokerName=broker_a', readA)).body.map((p: { partnerId: string }) => p.partnerId);
    expect(list).toEqual(expect.arrayContaining([a.partnerId, c.partnerId, d.partnerId]));
    expect(list).not.toContain(b.partnerId);
  });

  it('scopes: a read key cannot write, another broker’s key sees nothing, unknown users and partners are 404, bad bodies 400', async () => {
    const u = await signedUpUser(t, 'broker_a', 'Eve');
    expect((await call('POST', '/admin/partners', readA, { brokerName: 'broker_a', userId: u.ctidUserId })).body).toMatchObject({ code: 'ADMIN_FORBIDDEN' });
    expect((await call('POST', '/admin/partners', writeB, { brokerName: 'broker_a', userId: u.ctidUserId })).body).toMatchObject({
      code: 'ADMIN_BROKER_FORBIDDEN',
    });
    expect((await call('GET', '/admin/partners?brokerName=broker_a', writeB)).status).toBe(403);
    expect((await call('POST', '/admin/partners', root, { brokerName: 'broker_b', userId: u.ctidUserId })).status).toBe(404);
    expect((await call('POST', '/admin/partners', root, { brokerName: 'broker_a' })).status).toBe(400);
    expect((await call('POST', '/admin/partners', root, { brokerName: 'broker_a', userId: 'x' })).status).toBe(400);
    expect((await call('GET', '/admin/partners/nope?brokerName=broker_a', root)).status).toBe(404);
    expect((await call('GET', '/admin/partners?brokerName=broker_c', root)).body).toMatchObject({ code: 'MODULE_DISABLED' });
    expect((await call('GET', '/admin/partners', root)).status).toBe(400);
  });
});
