import { randomUUID } from 'node:crypto';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { ADMIN_PERMISSION_EXTENSION } from '../../src/kernel/admin-access/admin-route.decorator';
import { ADMIN_PERMISSIONS, ADMIN_ROLES, AdminRole, roleAllows } from '../../src/kernel/admin-access/admin-roles';
import { onPostgres } from '../support/test-database';
import { http, startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { enrolStaff } from './staff-kit';

interface AdminOperation {
  method: string;
  path: string;
  permission: string;
}

/**
 * Issue #19: every admin route states its permission, and every role gets exactly what the matrix says. The routes
 * come from the OpenAPI document (every /admin/ operation secured by the admin key), so a new route is walked
 * automatically; AdminPermissionAudit refuses to boot with an admin route that has no permission.
 */
describe(`back office: the role matrix on every admin route (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let operations: AdminOperation[];
  const keys = new Map<AdminRole, string>();

  beforeAll(async () => {
    t = await startTestApp(testConfig());
    for (const role of ADMIN_ROLES) keys.set(role, (await t.app.get(AdminApiKeyService).create({ name: role, role, brokers: ['broker_a'] })).key);
    const doc = (await http(`${t.baseUrl}/docs-json`)).body as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[]; [k: string]: unknown }>>;
    };
    operations = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!op.security?.some((s) => 'admin-key' in s)) continue;
        // /health/ready takes a key optionally (details), it is a public probe, not an admin route.
        if (!path.startsWith('/admin/')) continue;
        const extension = op[ADMIN_PERMISSION_EXTENSION] as { permission?: string } | undefined;
        operations.push({ method: method.toUpperCase(), path, permission: extension?.permission ?? '(none)' });
      }
    }
  });
  afterAll(() => t.close());

  it('finds every admin route, and each states a known permission', () => {
    expect(operations.length).toBeGreaterThanOrEqual(50);
    const unknown = operations.filter((o) => !(ADMIN_PERMISSIONS as readonly string[]).includes(o.permission));
    expect(unknown).toEqual([]);
    // Reads are reads; the writes carry the permission of their domain (the matrix).
    expect(operations.filter((o) => o.method === 'GET' && o.permission !== 'read')).toEqual([]);
    const permissionOf = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path)?.permission;
    expect(permissionOf('POST', '/admin/brokers/{brokerName}/payments/{id}/approve')).toBe('payments.decide');
    expect(permissionOf('POST', '/admin/brokers/{brokerName}/payments/{id}/reject')).toBe('payments.decide');
    expect(permissionOf('POST', '/admin/brokers/{brokerName}/users/{id}/unlock')).toBe('traders.support');
    expect(permissionOf('POST', '/admin/brokers/{brokerName}/users/{id}/emails/verification')).toBe('traders.support');
    expect(permissionOf('POST', '/admin/brokers/{brokerName}/users/{id}/emails/password-reset')).toBe('traders.support');
    expect(permissionOf('POST', '/admin/api-keys')).toBe('admin.manage');
    expect(permissionOf('POST', '/admin/staff')).toBe('admin.manage');
    expect(operations.some((o) => o.path.includes('/kyc') && o.permission === 'kyc.review')).toBe(true);
    expect(operations.some((o) => o.path.includes('/ribbons') && o.permission === 'ribbons.manage')).toBe(true);
    expect(operations.some((o) => o.path.includes('/partners') && o.permission === 'partners.manage')).toBe(true);
    // One URL scheme (issue #19): every route about one broker's data names it in the path, and nothing else is
    // broker-scoped; only the deployment-wide routes stay outside /admin/brokers/{brokerName}/.
    const outside = [...new Set(operations.filter((o) => !o.path.startsWith('/admin/brokers/{brokerName}/')).map((o) => o.path.split('/')[2]))].sort();
    expect(outside).toEqual(['api-keys', 'audit-events', 'config', 'jobs', 'modules', 'staff']);
  });

  it('walks every route with every role: allowed is never 403, refused is 403 ADMIN_FORBIDDEN', async () => {
    const DEPLOYMENT_WIDE = [
      'POST /admin/config/reload',
      'GET /admin/jobs',
      'GET /admin/jobs/{id}',
      'POST /admin/jobs/{id}/retry',
      'POST /admin/jobs/{id}/cancel',
    ];
    const mismatches: string[] = [];
    for (const op of operations) {
      const url = op.path.replace('{brokerName}', 'broker_a').replace(/\{[^}]+\}/g, () => randomUUID());
      for (const role of ADMIN_ROLES) {
        const allowed = roleAllows(role, op.permission as never);
        const r = await http(`${t.baseUrl}${url}`, {
          method: op.method,
          json: op.method === 'GET' || op.method === 'DELETE' ? undefined : {},
          headers: { authorization: `Bearer ${keys.get(role)}` },
        });
        const refused = r.status === 403 && r.body?.code === 'ADMIN_FORBIDDEN';
        // A deployment-wide route (the config holds every broker) refuses a role held on one broker only: the
        // role allows it, the broker scope does not (test/foundation/config-reload covers a key for all brokers).
        if (allowed && DEPLOYMENT_WIDE.includes(`${op.method} ${op.path}`)) {
          if (r.status !== 403 || r.body?.code !== 'ADMIN_BROKER_FORBIDDEN')
            mismatches.push(`${role} ${op.method} ${op.path}: ${r.status} ${r.body?.code} (should be 403 ADMIN_BROKER_FORBIDDEN for a one-broker key)`);
          continue;
        }
        if (allowed && (r.status === 403 || r.status === 401))
          mismatches.push(`${role} ${op.method} ${op.path}: ${r.status} ${r.body?.code} (should be allowed)`);
        if (!allowed && !refused) mismatches.push(`${role} ${op.method} ${op.path}: ${r.status} ${r.body?.code} (should be 403 ADMIN_FORBIDDEN)`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);

  it('a staff session gets the same answers as a key with the same role', async () => {
    const root = (await t.app.get(AdminApiKeyService).create({ name: 'root', role: 'admin', brokers: '*' })).key;
    const marketer = await enrolStaff(t, root, 'marketing@example.test', [{ broker: 'broker_a', role: 'marketing' }]);
    const ribbonWrite = operations.find((o) => o.permission === 'ribbons.manage' && o.method === 'POST')!;
    const paymentWrite = operations.find((o) => o.permission === 'payments.decide')!;
    const fill = (p: string) => p.replace('{brokerName}', 'broker_a').replace(/\{[^}]+\}/g, () => randomUUID());
    expect((await marketer.browser.call(ribbonWrite.method, fill(ribbonWrite.path), {})).status).not.toBe(403);
    const refused = await marketer.browser.call(paymentWrite.method, fill(paymentWrite.path), {});
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ADMIN_FORBIDDEN');
  });

  it('a role on broker A gives nothing on broker B', async () => {
    const op = operations.find((o) => o.path === '/admin/brokers/{brokerName}/modules' && o.method === 'GET');
    expect(op).toBeDefined();
    const r = await http(`${t.baseUrl}/admin/brokers/broker_b/modules`, { headers: { authorization: `Bearer ${keys.get('admin')}` } });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('ADMIN_BROKER_FORBIDDEN');
  });
});
