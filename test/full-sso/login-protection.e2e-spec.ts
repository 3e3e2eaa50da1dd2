import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../../src/kernel/audit/audit-event.entity';
import { DeviceCookies } from '../../src/kernel/users/device-cookies.service';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { UserSecurity } from '../../src/kernel/users/user-security.service';
import { UsersService } from '../../src/kernel/users/users.service';
import { hashPassword } from '../../src/lib/crypto/password-hash';
import { CookieJar } from '../screens/cookie-jar';
import { seedUser } from '../support/seed';
import { ScreenClient, ScreenResponse } from '../support/screen-client';
import { startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { recordSecret } from '../support/test-run-records';

const A = 'brokerName=broker_a&brokerCrmName=crm_shared';
const PASSWORD = 'Right-pass-1234';
const DEVICE = 'device.broker_a';

/**
 * Login protection over HTTP (OWASP device cookies): a stranger's wrong passwords lock the account for untrusted
 * browsers only; the trader's own browser (its signed device cookie) still logs in; a device's own failures
 * distrust that device, not the account. Each browser has its own address (X-Forwarded-For behind a trusted
 * proxy), so the per-IP throttles of the forms stay out of the way.
 */
describe('login protection: device cookies (HTTP)', () => {
  let t: TestApp;
  let ip = 10;
  beforeAll(async () => {
    t = await startTestApp(testConfig({ server: { port: 0, host: '127.0.0.1', baseUrl: 'http://127.0.0.1', trustedProxies: ['127.0.0.1'] } }));
  }, 60_000);
  afterAll(() => t?.close());

  const browser = () => new ScreenClient(t.baseUrl, { 'x-forwarded-for': `198.51.100.${ip++}` });
  const ssoLogin = (c: ScreenClient, email: string, password: string) => c.submit(`/auth/login?${A}`, { form: 'login', email, password });
  const loggedIn = (r: ScreenResponse) => r.status === 303 && /[?&]token=/.test(r.location ?? '');
  const trader = async () => seedUser(t.app, 'broker_a', { passwordHash: await hashPassword(PASSWORD) });
  const userRow = (u: TraderUser) => t.app.get(UsersService).findById('broker_a', u.id) as Promise<TraderUser>;
  const audits = (action: string, u: TraderUser) =>
    t.app
      .get(DataSource)
      .getRepository(AuditEvent)
      .findBy({ action, target: `user:${u.id}` });

  /** The victim's own browser: logged in once successfully, so it holds a device cookie. */
  async function trustedBrowser(email: string): Promise<ScreenClient> {
    const c = browser();
    expect(loggedIn(await ssoLogin(c, email, PASSWORD))).toBe(true);
    expect(c.jar.get(DEVICE)).toBeDefined();
    // The run's leak scan checks that no log line carries a device cookie.
    recordSecret(c.jar.get(DEVICE)!);
    return c;
  }

  async function lockOut(email: string, attempts = 6): Promise<void> {
    const attacker = browser();
    for (let i = 0; i < attempts; i++) expect((await ssoLogin(attacker, email, `guess-${i}-xxxxxxx`)).status).toBe(401);
  }

  it("a successful login issues a long-lived, HttpOnly, signed device cookie with the screens' attributes", async () => {
    const user = await trader();
    const c = browser();
    const res = await ssoLogin(c, user.email, PASSWORD);
    expect(loggedIn(res)).toBe(true);
    const cookie = CookieJar.parse(res.headers).find((k) => k.name === DEVICE)!;
    expect(cookie).toBeDefined();
    expect(cookie.attrs).toMatchObject({ httponly: true, secure: true, samesite: 'None', partitioned: true, path: '/', 'max-age': String(180 * 86_400) });
    expect(cookie.value).toMatch(new RegExp(`^v1\\.${user.id}\\.`));
    // A failed login sets none.
    const other = browser();
    expect((await ssoLogin(other, user.email, 'wrong-password-xx')).status).toBe(401);
    expect(other.jar.get(DEVICE)).toBeUndefined();
  });

  it("a stranger's failures lock untrusted browsers out, while the trader's own browser still logs in with the right password", async () => {
    const user = await trader();
    const mine = await trustedBrowser(user.email);
    await lockOut(user.email);
    expect((await userRow(user)).loginLockedUntil).toBeGreaterThan(Date.now());
    expect(await audits('login.lockout', user)).toHaveLength(1);

    // A new, untrusted browser: even the right password fails, with the usual message.
    const fresh = browser();
    const refused = await ssoLogin(fresh, user.email, PASSWORD);
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('The email or password is incorrect.');
    expect(fresh.jar.get(DEVICE)).toBeUndefined();

    // The trader's own browser: in, and again (each login issues a fresh cookie that keeps working).
    const first = mine.jar.get(DEVICE);
    expect(loggedIn(await ssoLogin(mine, user.email, PASSWORD))).toBe(true);
    expect(mine.jar.get(DEVICE)).not.toBe(first);
    expect(loggedIn(await ssoLogin(mine, user.email, PASSWORD))).toBe(true);
    // The lockout still guards the untrusted ones.
    expect((await ssoLogin(browser(), user.email, PASSWORD)).status).toBe(401);
  });

  it('a forged, expired, other-broker or other-user device cookie does not bypass the lockout', async () => {
    const victim = await trader();
    const attacker = await trader();
    await lockOut(victim.email);
    const devices = t.app.get(DeviceCookies);
    const now = Math.floor(Date.now() / 1000);
    const nonce = randomBytes(16).toString('base64url');
    const forged = [
      `v1.${victim.id}.${now}.${nonce}.${randomBytes(32).toString('base64url')}`,
      // Signed by this server, but for another broker (same user id) or too old.
      devices.sign('broker_b', victim.id),
      devices.sign('broker_a', victim.id, Date.now() - 181 * 86_400_000),
      // Its signature moved onto another user id.
      devices.sign('broker_a', attacker.id).replace(`v1.${attacker.id}.`, `v1.${victim.id}.`),
      'not-a-device-cookie',
    ];
    for (const value of forged) {
      const c = browser();
      c.jar.set(DEVICE, value);
      expect((await ssoLogin(c, victim.email, PASSWORD)).status).toBe(401);
    }
    // The attacker's own, genuine device cookie: valid, but for another user.
    const own = await trustedBrowser(attacker.email);
    expect((await ssoLogin(own, victim.email, PASSWORD)).status).toBe(401);
    // A genuine cookie of the victim's, presented under another broker's name, is not that broker's either.
    const victimB = await seedUser(t.app, 'broker_b', { email: victim.email, passwordHash: await hashPassword(PASSWORD) });
    await t.app
      .get(UsersService)
      .usersOf('broker_b')
      .update({ id: victimB.id }, { loginLockedUntil: Date.now() + 600_000 });
    const moved = browser();
    moved.jar.set('device.broker_b', devices.sign('broker_a', victimB.id));
    expect(
      (await moved.submit('/auth/login?brokerName=broker_b&brokerCrmName=crm_shared', { form: 'login', email: victim.email, password: PASSWORD })).status,
    ).toBe(401);
    // None of these counted as a trusted success: the lockout is intact and the victim's real browser still works.
    expect((await userRow(victim)).loginLockedUntil).toBeGreaterThan(Date.now());
  });

  it("a device's own wrong passwords distrust that device, not the account; admin unlock restores it", async () => {
    const user = await trader();
    const device = await trustedBrowser(user.email);
    for (let i = 0; i < 5; i++) expect((await ssoLogin(device, user.email, `typo-${i}-xxxxxxx`)).status).toBe(401);
    const events = await audits('login.device_lockout', user);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].details)).toMatchObject({ reason: 'brute_force', failedAttempts: 5, via: 'sso' });
    // The account is not locked: another browser logs in (and becomes trusted).
    expect(await userRow(user)).toMatchObject({ failedLoginCount: 0, loginLockedUntil: null });
    const laptop = await trustedBrowser(user.email);

    // The distrusted device now counts as untrusted: once a stranger locks the account, it is locked out too…
    await lockOut(user.email);
    expect((await ssoLogin(device, user.email, PASSWORD)).status).toBe(401);
    // …while the device still trusted is not.
    expect(loggedIn(await ssoLogin(laptop, user.email, PASSWORD))).toBe(true);

    // Admin unlock lifts the account's lockout and the device's.
    await t.app.get(UserSecurity).unlock(await userRow(user), { actor: 'admin:test' });
    const unlock = await audits('user.unlock', user);
    expect(JSON.parse(unlock[0].details)).toMatchObject({ wasLockedOut: true, deviceStatesCleared: 1 });
    expect(loggedIn(await ssoLogin(device, user.email, PASSWORD))).toBe(true);
  });

  it("a trusted device's failures do not count towards the account lockout", async () => {
    const user = await trader();
    const device = await trustedBrowser(user.email);
    for (let i = 0; i < 4; i++) expect((await ssoLogin(device, user.email, `typo-${i}-xxxxxxx`)).status).toBe(401);
    const stranger = browser();
    for (let i = 0; i < 4; i++) expect((await ssoLogin(stranger, user.email, `guess-${i}-xxxxxxx`)).status).toBe(401);
    // 8 failures in all, but 4 + 4 on two budgets of 5: nobody is locked out.
    expect((await userRow(user)).loginLockedUntil).toBeNull();
    expect(loggedIn(await ssoLogin(browser(), user.email, PASSWORD))).toBe(true);
  });

  it("the client area's login follows the same scheme (its cookie works on the SSO screen and back)", async () => {
    const user = await trader();
    const c = browser();
    const res = await c.submit(`/client/login?${A}`, { email: user.email, password: PASSWORD });
    expect(res.status).toBe(303);
    expect(c.jar.get(DEVICE)).toBeDefined();
    await lockOut(user.email);
    expect((await browser().submit(`/client/login?${A}`, { email: user.email, password: PASSWORD })).status).toBe(401);
    c.jar.set('sid-client.broker_a', ''); // logged out of the client area, the device cookie stays
    expect((await c.submit(`/client/login?${A}`, { email: user.email, password: PASSWORD })).status).toBe(303);
    expect(loggedIn(await ssoLogin(c, user.email, PASSWORD))).toBe(true);
  });
});
