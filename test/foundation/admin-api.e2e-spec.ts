import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { http, startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { expectErrorBody } from '../support/error-body';

describe('admin API authentication and authorisation', () => {
  let t: TestApp;
  let all: string;
  let readA: string;
  let writeA: string;
  let writeB: string;

  beforeAll(async () => {
    t = await startTestApp(testConfig());
    const keys = t.app.get(AdminApiKeyService);
    all = (await keys.create({ name: 'root', role: 'write', brokers: '*' })).key;
    readA = (await keys.create({ name: 'read a', role: 'read', brokers: ['broker_a'] })).key;
    writeA = (await keys.create({ name: 'write a', role: 'write', brokers: ['broker_a'] })).key;
    writeB = (await keys.create({ name: 'write b', role: 'write', brokers: ['broker_b'] })).key;
  });
  afterAll(() => t.close());

  const call = (method: string, path: string, key?: string, json?: unknown) =>
    http(`${t.baseUrl}${path}`, { method, json, headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('refuses a missing key with 401 ADMIN_AUTH_REQUIRED', async () => {
    const r = await call('GET', '/admin/modules');
    expect(r.status).toBe(401);
    expectErrorBody(r.body, 401, 'ADMIN_AUTH_REQUIRED');
  });

  it('refuses a wrong key with 401 ADMIN_AUTH_INVALID', async () => {
    const r = await call('GET', '/admin/modules', 'cbi_admin_not-a-real-key');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('ADMIN_AUTH_INVALID');
  });

  it('refuses a read key on a write route with 403 ADMIN_FORBIDDEN', async () => {
    const r = await call('POST', '/admin/api-keys', readA, { name: 'x', role: 'read', brokers: ['broker_a'] });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('ADMIN_FORBIDDEN');
  });

  it('refuses a key of another broker with 403 ADMIN_BROKER_FORBIDDEN', async () => {
    const r = await call('GET', '/admin/brokers/broker_a/modules', writeB);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('ADMIN_BROKER_FORBIDDEN');
    const grant = await call('POST', '/admin/api-keys', writeB, { name: 'sneaky', role: 'write', brokers: ['broker_a'] });
    expect(grant.status).toBe(403);
    expect(grant.body.code).toBe('ADMIN_BROKER_FORBIDDEN');
  });

  it("shows deployment and per-broker module status, limited to the key's brokers", async () => {
    const r = await call('GET', '/admin/modules', readA);
    expect(r.status).toBe(200);
    expect(r.body.deployment).toEqual(t.config.modules);
    expect(r.body.brokers).toEqual([
      { brokerName: 'broker_a', brokerCrmName: 'crm_shared', modules: expect.objectContaining({ fullSso: true, lightIdentity: false, inappActions: true }) },
    ]);
    const b = await call('GET', '/admin/brokers/broker_b/modules', all);
    expect(b.body.modules).toEqual(expect.objectContaining({ fullSso: true, inappActions: false }));
  });

  it('masks every secret when showing the configuration', async () => {
    const r = await call('GET', '/admin/config', all);
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('test-manager-password');
    expect(r.body.brokers[0].ctrader.managerPassword).toBe('******');
    expect(r.body.brokers[0].crmApiPasswords[0]).toBe('******');
  });

  it('audits every admin write, and validates admin bodies in the contract error shape', async () => {
    const bad = await call('POST', '/admin/api-keys', writeA, { name: 'x', role: 'owner', brokers: ['broker_a'] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_REQUEST');
    const missing = await call('POST', '/admin/api-keys', writeA, { role: 'read', brokers: ['broker_a'] });
    expect(missing.body.code).toBe('MISSING_REQUIRED_PARAMETER');
    const unknownField = await call('POST', '/admin/api-keys', writeA, { name: 'x', role: 'read', brokers: ['broker_a'], isRoot: true });
    // The admin API keeps refusing unknown fields (only the cTrader-facing 4.x bodies ignore them).
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.code).toBe('INVALID_REQUEST');

    const created = await call('POST', '/admin/api-keys', writeA, { name: 'desk', role: 'read', brokers: ['broker_a'] });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^cbi_admin_/);
    const works = await call('GET', '/admin/modules', created.body.key);
    expect(works.status).toBe(200);
    const revoked = await call('DELETE', `/admin/api-keys/${created.body.id}`, writeA);
    expect(revoked.status).toBe(204);
    expect((await call('GET', '/admin/modules', created.body.key)).status).toBe(401);

    const events = await call('GET', '/admin/audit-events?brokerName=broker_a', readA);
    expect(events.body.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['admin_key.create', 'admin_key.revoke']));
    expect(events.text).not.toContain(created.body.key);
    const forB = await call('GET', '/admin/audit-events?brokerName=broker_a', writeB);
    expect(forB.status).toBe(403);
  });
});
