import { DataSource } from 'typeorm';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { StaffSession } from '../../src/kernel/admin-access/staff/staff-session.entity';
import { AuditEvent } from '../../src/kernel/audit/audit-event.entity';
import { Clock } from '../../src/kernel/clock';
import { onPostgres } from '../support/test-database';
import { http, startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { enrolStaff, inviteTokenFor, StaffBrowser, totpNow } from './staff-kit';

/** Issue #19: staff accounts — invitation, own password, mandatory TOTP, recovery codes, sessions, throttle, audit. */
describe(`back office: staff accounts and sessions (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let root: string;
  const audit = () =>
    t.app
      .get(DataSource)
      .getRepository(AuditEvent)
      .find({ order: { id: 'ASC' } });

  beforeAll(async () => {
    const config = testConfig();
    config.admin.staff.maxLoginAttempts = 4;
    t = await startTestApp(config);
    root = (await t.app.get(AdminApiKeyService).create({ name: 'root', role: 'admin', brokers: '*' })).key;
  });
  afterAll(() => t.close());

  it('invites, lets the person set a password and enrol 2FA, then works with the session cookie (CSRF on writes)', async () => {
    const alice = await enrolStaff(t, root, 'Alice@Example.test', [{ broker: 'broker_a', role: 'support' }]);
    expect(alice.recoveryCodes).toHaveLength(10);
    const me = await alice.browser.call('GET', '/admin/session');
    expect(me.body).toMatchObject({ stage: 'full', staff: { email: 'alice@example.test', status: 'active', twoFactorEnrolled: true } });
    // The cookie: HttpOnly, Secure, SameSite=Strict, Path=/.
    const login = await new StaffBrowser(t).call('POST', '/admin/session/login', { email: 'alice@example.test', password: alice.password });
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('staff_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    // Reads work; a write without the CSRF token is refused before anything happens; with it, it goes through.
    expect((await alice.browser.call('GET', '/admin/brokers/broker_a/users')).status).toBe(200);
    const noCsrf = await alice.browser.call('POST', '/admin/brokers/broker_a/users/999999/lock', {}, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.code).toBe('CSRF_INVALID');
    const withCsrf = await alice.browser.call('POST', '/admin/brokers/broker_a/users/999999/lock', {});
    expect([404, 400]).toContain(withCsrf.status);
    // Only the session id's hash is stored.
    const sessionId = [...alice.browser.cookies].find(([k]) => k === 'staff_session')![1];
    const rows = await t.app.get(DataSource).getRepository(StaffSession).find();
    expect(rows.some((r) => r.idHash === sessionId)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.idHash))).toBe(true);
  });

  it('an invitation link works once, and not after it expires', async () => {
    await http(`${t.baseUrl}/admin/staff`, {
      method: 'POST',
      json: { email: 'bob@example.test', displayName: 'Bob', grants: [{ broker: 'broker_a', role: 'viewer' }] },
      headers: { authorization: `Bearer ${root}` },
    });
    const token = await inviteTokenFor(t, 'bob@example.test');
    t.app.get(Clock).advance(73 * 3_600_000);
    const late = await new StaffBrowser(t).call('POST', '/admin/session/invite', { token, password: 'a long enough password' });
    expect(late.status).toBe(404);
    expect(late.body.code).toBe('TOKEN_NOT_FOUND');
    const reinvite = await http(`${t.baseUrl}/admin/staff`, { headers: { authorization: `Bearer ${root}` } });
    const bob = reinvite.body.find((s: { email: string }) => s.email === 'bob@example.test');
    await http(`${t.baseUrl}/admin/staff/${bob.id}/invite`, { method: 'POST', json: {}, headers: { authorization: `Bearer ${root}` } });
    const fresh = await inviteTokenFor(t, 'bob@example.test');
    const first = await new StaffBrowser(t).call('POST', '/admin/session/invite', { token: fresh, password: 'a long enough password' });
    expect(first.status).toBe(200);
    const again = await new StaffBrowser(t).call('POST', '/admin/session/invite', { token: fresh, password: 'another long password' });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('TOKEN_NOT_FOUND');
  });

  it('refuses an invitation of the same person with another letter case', async () => {
    const r = await http(`${t.baseUrl}/admin/staff`, {
      method: 'POST',
      json: { email: 'ALICE@example.TEST', displayName: 'Alice again', grants: [{ broker: 'broker_a', role: 'payments' }] },
      headers: { authorization: `Bearer ${root}` },
    });
    expect(r.status).toBe(409);
  });

  it('requires 2FA before any admin route; a TOTP code works once; a recovery code works once', async () => {
    const carol = await enrolStaff(t, root, 'carol@example.test', [{ broker: '*', role: 'viewer' }]);
    t.app.get(Clock).advance(60_000);
    const b = new StaffBrowser(t);
    const step1 = await b.call('POST', '/admin/session/login', { email: 'CAROL@example.test', password: carol.password });
    expect(step1.body.stage).toBe('totp');
    const early = await b.call('GET', '/admin/modules');
    expect(early.status).toBe(401);
    expect(early.body.code).toBe('STAFF_2FA_REQUIRED');
    const code = await totpNow(t, carol.secret);
    expect((await b.call('POST', '/admin/session/2fa', { code })).status).toBe(200);
    expect((await b.call('GET', '/admin/modules')).status).toBe(200);
    // The same code in another login (same 30 s step) is refused: replay.
    const b2 = new StaffBrowser(t);
    await b2.call('POST', '/admin/session/login', { email: 'carol@example.test', password: carol.password });
    expect((await b2.call('POST', '/admin/session/2fa', { code })).status).toBe(401);
    expect((await b2.call('POST', '/admin/session/2fa', { recoveryCode: carol.recoveryCodes[0].toUpperCase() })).status).toBe(200);
    const b3 = new StaffBrowser(t);
    await b3.call('POST', '/admin/session/login', { email: 'carol@example.test', password: carol.password });
    expect((await b3.call('POST', '/admin/session/2fa', { recoveryCode: carol.recoveryCodes[0] })).status).toBe(401);
    const events = await audit();
    expect(events.some((e) => e.action === 'staff.recovery_code_used' && e.actor === `staff:${carol.id}`)).toBe(true);
    expect(events.some((e) => e.action === 'staff.2fa_failed' && e.actor === `staff:${carol.id}`)).toBe(true);
  });

  it('gives the same answer for an unknown email and a wrong password, audits both, and throttles', async () => {
    const unknown = await new StaffBrowser(t).call('POST', '/admin/session/login', { email: 'nobody@example.test', password: 'whatever password' });
    const wrong = await new StaffBrowser(t).call('POST', '/admin/session/login', { email: 'alice@example.test', password: 'not her password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    const failed = (await audit()).filter((e) => e.action === 'staff.login_failed');
    expect(failed.map((e) => (JSON.parse(e.details) as { email: string }).email)).toEqual(
      expect.arrayContaining(['nobody@example.test', 'alice@example.test']),
    );
    let last = wrong;
    for (let i = 0; i < 5; i++)
      last = await new StaffBrowser(t).call('POST', '/admin/session/login', { email: 'alice@example.test', password: 'not her password' });
    expect(last.status).toBe(429);
    expect(last.body.code).toBe('RATE_LIMITED');
  });

  it('ends a session after the idle timeout and after the absolute timeout (the injected Clock)', async () => {
    const dave = await enrolStaff(t, root, 'dave@example.test', [{ broker: 'broker_a', role: 'viewer' }]);
    const clock = t.app.get(Clock);
    clock.advance(29 * 60_000);
    expect((await dave.browser.call('GET', '/admin/modules')).status).toBe(200);
    clock.advance(29 * 60_000);
    expect((await dave.browser.call('GET', '/admin/modules')).status).toBe(200);
    clock.advance(31 * 60_000);
    const idle = await dave.browser.call('GET', '/admin/modules');
    expect(idle.status).toBe(401);
    expect(idle.body.code).toBe('ADMIN_AUTH_INVALID');

    const erin = await enrolStaff(t, root, 'erin@example.test', [{ broker: 'broker_a', role: 'viewer' }]);
    for (let i = 0; i < 25; i++) {
      clock.advance(29 * 60_000);
      const r = await erin.browser.call('GET', '/admin/modules');
      if (r.status !== 200) {
        expect(i * 29).toBeGreaterThanOrEqual(11 * 60);
        expect(r.status).toBe(401);
        return;
      }
    }
    throw new Error('the session outlived its absolute timeout');
  });

  it('logout ends the session; disabling a person ends their sessions and keys at once', async () => {
    const frank = await enrolStaff(t, root, 'frank@example.test', [{ broker: 'broker_a', role: 'admin' }]);
    const key = (await t.app.get(AdminApiKeyService).create({ name: 'frank laptop', role: 'viewer', brokers: ['broker_a'], ownerStaffId: frank.id })).key;
    expect((await http(`${t.baseUrl}/admin/modules`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const other = new StaffBrowser(t);
    await other.call('POST', '/admin/session/login', { email: frank.email, password: frank.password });
    expect((await other.call('POST', '/admin/session/logout')).status).toBe(204);
    expect((await other.call('GET', '/admin/session')).status).toBe(401);

    const disabled = await http(`${t.baseUrl}/admin/staff/${frank.id}/disable`, { method: 'POST', json: {}, headers: { authorization: `Bearer ${root}` } });
    expect(disabled.status).toBe(200);
    expect((await frank.browser.call('GET', '/admin/modules')).status).toBe(401);
    expect((await http(`${t.baseUrl}/admin/modules`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    const relogin = await new StaffBrowser(t).call('POST', '/admin/session/login', { email: frank.email, password: frank.password });
    expect(relogin.status).toBe(401);
  });

  it('an admin of one broker cannot grant roles on another broker or on *', async () => {
    const gina = await enrolStaff(t, root, 'gina@example.test', [{ broker: 'broker_a', role: 'admin' }]);
    const b = await gina.browser.call('POST', '/admin/staff', { email: 'h@example.test', displayName: 'H', grants: [{ broker: 'broker_b', role: 'viewer' }] });
    expect(b.status).toBe(403);
    const star = await gina.browser.call('POST', '/admin/staff', { email: 'h@example.test', displayName: 'H', grants: [{ broker: '*', role: 'viewer' }] });
    expect(star.status).toBe(403);
    const a = await gina.browser.call('POST', '/admin/staff', { email: 'h@example.test', displayName: 'H', grants: [{ broker: 'broker_a', role: 'viewer' }] });
    expect(a.status).toBe(201);
    const invite = (await audit()).find((e) => e.action === 'staff.invite' && e.actor === `staff:${gina.id}`)!;
    expect(invite).toMatchObject({ actorType: 'staff', actorDisplay: 'gina@example.test' });
  });
});
