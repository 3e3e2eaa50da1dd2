import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { ScreenSessionService } from '../../src/kernel/screens/sessions/screen-session.service';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { AuditEvent } from '../../src/kernel/audit/audit-event.entity';
import { EmailMessage } from '../../src/kernel/mail/email-message.entity';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { ScreenClient } from '../support/screen-client';
import { ScreenSession } from '../../src/kernel/screens/sessions/screen-session.entity';
import { PasswordLogin } from '../../src/kernel/users/password-login.service';
import { UsersService } from '../../src/kernel/users/users.service';
import { hashPassword } from '../../src/lib/crypto/password-hash';
import { CtraderAppClient } from '../../src/simulator';
import { loginToken, seedUser } from '../support/seed';
import { http, startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD, testConfig } from '../support/test-config';

/**
 * Kernel users: per-account lockout inside PasswordLogin, the admin users API, and screen sessions ended by 4.5
 * and by revocations (DomainEvents 'user.loggedOut' / 'user.tokensRevoked').
 */
describe('users: lockout, admin API, session revocation', () => {
  let t: TestApp;
  let ct: CtraderAppClient;
  let root: string;
  let readA: string;
  let writeB: string;
  const q = 'brokerName=broker_a&brokerCrmName=crm_shared';

  beforeAll(async () => {
    t = await startTestApp(testConfig({ loginProtection: { maxFailedAttempts: 3, lockoutMinutes: 10 } }));
    ct = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
    const keys = t.app.get(AdminApiKeyService);
    root = (await keys.create({ name: 'root', role: 'write', brokers: '*' })).key;
    readA = (await keys.create({ name: 'read a', role: 'read', brokers: ['broker_a'] })).key;
    writeB = (await keys.create({ name: 'write b', role: 'write', brokers: ['broker_b'] })).key;
  }, 60_000);
  afterAll(() => t?.close());

  const admin = (method: string, path: string, key: string) => http(`${t.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${key}` } });
  const login = (email: string, password: string) => t.app.get(PasswordLogin).verify('broker_a', email, password, { ip: '203.0.113.7' });
  const audits = (action: string, userId: number) =>
    t.app
      .get(DataSource)
      .getRepository(AuditEvent)
      .findBy({ action, target: `user:${userId}` });

  /** A live in-app screen session the way the app gets one (4.2 → 4.4 → screen with the OT token); returns its cookie header. */
  async function screenSession(ctid: number, userId: number): Promise<{ cookie: string; accessToken: string }> {
    const ex = (await ct.exchange(await loginToken(t.app, 'broker_a', userId, true))).body as { accessToken: string; inappToken: string };
    const gen = (await ct.generate(ctid, ex.inappToken)).body as { token: string };
    const entered = await fetch(`${t.baseUrl}/account/password?${q}&token=${gen.token}`, { redirect: 'manual' });
    expect(entered.status).toBe(303);
    const cookie = entered.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect((await page(cookie)).status).toBe(200);
    return { cookie, accessToken: ex.accessToken };
  }
  const page = (cookie: string) => fetch(`${t.baseUrl}/account/password?${q}`, { headers: { cookie }, redirect: 'manual' });

  describe('per-account lockout (PasswordLogin)', () => {
    it('N wrong passwords lock the account out — even the right password fails — with one security event; admin unlock lifts it', async () => {
      const user = await seedUser(t.app, 'broker_a', { passwordHash: await hashPassword('Right-pass-123') });
      for (let i = 0; i < 3; i++) expect(await login(user.email, `wrong-${i}-xxxxx`)).toBeNull();
      expect(await login(user.email, 'Right-pass-123')).toBeNull();
      expect(await login(user.email, 'wrong-again-xxx')).toBeNull();
      const events = await audits('login.lockout', user.id);
      expect(events).toHaveLength(1);
      expect(events[0].category).toBe('security');
      expect(events[0].actor).toBe('ip:203.0.113.7');
      expect(JSON.parse(events[0].details)).toMatchObject({ reason: 'brute_force', failedAttempts: 3 });

      const view = await admin('GET', `/admin/brokers/broker_a/users/${user.id}`, readA);
      expect(view.body.loginLockedUntil).toEqual(expect.any(String));
      const unlocked = await admin('POST', `/admin/brokers/broker_a/users/${user.id}/unlock`, root);
      expect(unlocked.status).toBe(200);
      expect(unlocked.body).toMatchObject({ loginLockedUntil: null, failedLoginCount: 0, lockedAt: null });
      expect((await login(user.email, 'Right-pass-123'))?.id).toBe(user.id);
      expect(await audits('user.unlock', user.id)).toHaveLength(1);
    });

    it('a successful login resets the count; an unknown email or a user without a password never gets through', async () => {
      const user = await seedUser(t.app, 'broker_a', { passwordHash: await hashPassword('Right-pass-123') });
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 2; i++) expect(await login(user.email, 'wrong-password-x')).toBeNull();
        expect((await login(user.email, 'Right-pass-123'))?.id).toBe(user.id);
      }
      expect(await login('nobody@example.com', 'Right-pass-123')).toBeNull();
      const noPassword = await seedUser(t.app, 'broker_a', { passwordHash: null, origin: 'lightIdentity' });
      expect(await login(noPassword.email, '')).toBeNull();
      // Another broker's user with the same email is another account.
      expect(await t.app.get(PasswordLogin).verify('broker_b', user.email, 'Right-pass-123')).toBeNull();
    });

    it('concurrent wrong passwords all count and lock exactly once', async () => {
      const user = await seedUser(t.app, 'broker_a', { passwordHash: await hashPassword('Right-pass-123') });
      await Promise.all(Array.from({ length: 8 }, (_, i) => login(user.email, `wrong-${i}-yyyyy`)));
      expect(await login(user.email, 'Right-pass-123')).toBeNull();
      expect(await audits('login.lockout', user.id)).toHaveLength(1);
    });
  });

  describe('admin users API', () => {
    it('searches by email, name and cTID userId, within the key’s brokers', async () => {
      const a = await seedUser(t.app, 'broker_a', { email: 'findme.alpha@example.com', firstName: 'Zoë', lastName: 'Searchable' });
      await seedUser(t.app, 'broker_b', { email: 'findme.beta@example.com' });
      const byEmail = await admin('GET', '/admin/brokers/broker_a/users?email=FINDME', readA);
      expect(byEmail.status).toBe(200);
      expect(byEmail.body.map((u: { email: string }) => u.email)).toEqual(['findme.alpha@example.com']);
      expect((await admin('GET', '/admin/brokers/broker_a/users?email=findme', root)).body).toHaveLength(1);
      expect((await admin('GET', '/admin/brokers/broker_b/users?email=findme', root)).body.map((u: { email: string }) => u.email)).toEqual([
        'findme.beta@example.com',
      ]);
      expect((await admin('GET', '/admin/brokers/broker_b/users?email=findme', readA)).body.code).toBe('ADMIN_BROKER_FORBIDDEN');
      // The broker is in the path only: naming it in the query is an unknown parameter.
      expect((await admin('GET', '/admin/brokers/broker_a/users?brokerName=broker_b', root)).body.code).toBe('INVALID_REQUEST');
      expect((await admin('GET', '/admin/brokers/broker_a/users?name=searchable', readA)).body.map((u: { id: number }) => u.id)).toEqual([a.id]);
      expect((await admin('GET', `/admin/brokers/broker_a/users?ctidUserId=${a.ctidUserId}`, readA)).body.map((u: { id: number }) => u.id)).toEqual([a.id]);
      expect((await admin('GET', '/admin/brokers/broker_a/users?email=%25', readA)).body).toHaveLength(0);
      const bad = await admin('GET', '/admin/brokers/broker_a/users?ctidUserId=abc', readA);
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ error: expect.any(String), message: expect.any(String), code: expect.any(String) });
      expect(byEmail.body[0]).not.toHaveProperty('passwordHash');
    });

    it('shows one trader with trading accounts and cTID; another broker’s path gets 404', async () => {
      const user = await seedUser(t.app, 'broker_a');
      await t.app.get(UsersService).accountsOf('broker_a').insert({
        userId: user.id,
        login: 9_100_001,
        ctidTraderAccountId: 55_001,
        currency: 'USD',
        leverage: 100,
        accountType: 'HEDGED',
        environment: 'live',
        moneyDigits: 2,
        state: 'linked',
        traderPasswordMd5: null,
        createdAt: Date.now(),
      });
      const view = await admin('GET', `/admin/brokers/broker_a/users/${user.id}`, readA);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ id: user.id, ctidUserId: user.ctidUserId, email: user.email, hasPassword: false });
      expect(view.body.tradingAccounts).toEqual([expect.objectContaining({ login: 9_100_001, ctidTraderAccountId: 55_001, state: 'linked', currency: 'USD' })]);
      expect((await admin('GET', `/admin/brokers/broker_b/users/${user.id}`, writeB)).status).toBe(404);
      expect((await admin('GET', `/admin/brokers/broker_a/users/${user.id}`, writeB)).body.code).toBe('ADMIN_BROKER_FORBIDDEN');
      expect((await admin('GET', '/admin/brokers/broker_a/users/not-a-number', readA)).status).toBe(404);
    });

    it('lock revokes tokens and screen sessions and fails every check; unlock restores logins; a read key cannot lock', async () => {
      const user = await seedUser(t.app, 'broker_a', { passwordHash: await hashPassword('Right-pass-123') });
      const { cookie, accessToken } = await screenSession(user.ctidUserId!, user.id);
      expect((await admin('POST', `/admin/brokers/broker_a/users/${user.id}/lock`, readA)).status).toBe(403);
      expect((await admin('POST', `/admin/brokers/broker_b/users/${user.id}/lock`, writeB)).status).toBe(404);
      const locked = await admin('POST', `/admin/brokers/broker_a/users/${user.id}/lock`, root);
      expect(locked.status).toBe(200);
      expect(locked.body).toEqual({ revokedAccessTokens: 1 });
      expect((await ct.validate(accessToken)).status).toBe(404);
      expect((await page(cookie)).status).toBe(401);
      expect(await login(user.email, 'Right-pass-123')).toBeNull();
      expect((await ct.generate(user.ctidUserId!)).status).toBe(404);
      expect(await audits('user.lock', user.id)).toHaveLength(1);
      await admin('POST', `/admin/brokers/broker_a/users/${user.id}/unlock`, root);
      expect((await login(user.email, 'Right-pass-123'))?.id).toBe(user.id);
    });

    it('revoke-tokens logs the trader out everywhere (tokens and screen sessions), audited', async () => {
      const user = await seedUser(t.app, 'broker_a');
      const one = await screenSession(user.ctidUserId!, user.id);
      const two = await screenSession(user.ctidUserId!, user.id);
      const r = await admin('POST', `/admin/brokers/broker_a/users/${user.id}/revoke-tokens`, root);
      expect(r.body).toEqual({ revokedAccessTokens: 2 });
      for (const s of [one, two]) {
        expect((await ct.validate(s.accessToken)).status).toBe(404);
        expect((await page(s.cookie)).status).toBe(401);
      }
      const [event] = await audits('user.revoke_tokens', user.id);
      expect(event).toMatchObject({ category: 'admin', brokerName: 'broker_a' });
      expect(event.actor).toMatch(/^admin:/);
    });

    it('support resends the verification and password-reset emails, for a trader of the path\u2019s broker only, audited', async () => {
      const support = (await t.app.get(AdminApiKeyService).create({ name: 'support a', role: 'support', brokers: ['broker_a'] })).key;
      const viewer = (await t.app.get(AdminApiKeyService).create({ name: 'viewer a', role: 'viewer', brokers: ['broker_a'] })).key;
      const user = await seedUser(t.app, 'broker_a', { emailVerifiedAt: null, preferredLanguage: 'de' });
      const other = await seedUser(t.app, 'broker_b', { emailVerifiedAt: null });
      const verification = (broker: string, id: number, key = support) => admin('POST', `/admin/brokers/${broker}/users/${id}/emails/verification`, key);
      const reset = (broker: string, id: number, key = support) => admin('POST', `/admin/brokers/${broker}/users/${id}/emails/password-reset`, key);

      // Broker isolation: broker_b's trader does not exist under broker_a's path; broker_b's path is not this key's.
      expect([(await verification('broker_a', other.id)).status, (await verification('broker_a', other.id)).body.code]).toEqual([404, 'NOT_FOUND']);
      expect((await reset('broker_a', other.id, root)).body.code).toBe('NOT_FOUND');
      expect((await verification('broker_b', other.id)).body.code).toBe('ADMIN_BROKER_FORBIDDEN');
      expect((await verification('broker_a', user.id, viewer)).body.code).toBe('ADMIN_FORBIDDEN');
      expect((await verification('broker_a', 999_999_999)).body.code).toBe('NOT_FOUND');

      const sent = await verification('broker_a', user.id);
      expect(sent.status).toBe(202);
      expect(sent.body).toEqual({ emailId: expect.any(Number), to: user.email });
      const mails = t.app.get(DataSource).getRepository(EmailMessage);
      const mail = await mails.findOneByOrFail({ id: sent.body.emailId });
      expect(mail).toMatchObject({ brokerName: 'broker_a', toAddress: user.email, template: 'sso.emailVerify', language: 'de' });
      const link = /https?:\/\/\S+\/auth\/verify-email\/confirm\?\S+/.exec(mail.textBody)![0];
      const path = link.replace(/^https?:\/\/[^/]+/, '');
      // Opening the link changes nothing (mail scanners open links); the button does, once.
      const browser = new ScreenClient(t.baseUrl);
      const page = await browser.get(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain(user.email);
      const users = t.app.get(DataSource).getRepository(TraderUser);
      expect((await users.findOneByOrFail({ id: user.id })).emailVerifiedAt).toBeNull();
      const done = await browser.submit(path, { t: new URL(link).searchParams.get('t')! });
      expect(done.status).toBe(200);
      expect((await users.findOneByOrFail({ id: user.id })).emailVerifiedAt).toEqual(expect.any(Number));
      expect((await new ScreenClient(t.baseUrl).get(path)).status).toBe(410);
      // Verified now: nothing to send (409 CONFLICT).
      const again = await verification('broker_a', user.id);
      // A link proves only the address it was sent to: once the profile's address changes, it verifies nothing.
      const moving = await seedUser(t.app, 'broker_a', { emailVerifiedAt: null });
      const movingMail = await mails.findOneByOrFail({ id: (await verification('broker_a', moving.id)).body.emailId });
      const movingPath = /https?:\/\/\S+\/auth\/verify-email\/confirm\?\S+/.exec(movingMail.textBody)![0].replace(/^https?:\/\/[^/]+/, '');
      await users.update({ id: moving.id }, { email: `elsewhere.${moving.id}@example.com` });
      const mover = new ScreenClient(t.baseUrl);
      expect((await mover.get(movingPath)).status).toBe(410);
      await mover.submit(movingPath, { t: new URL(movingPath, t.baseUrl).searchParams.get('t')! });
      expect((await users.findOneByOrFail({ id: moving.id })).emailVerifiedAt).toBeNull();
      expect([again.status, again.body.code]).toEqual([409, 'CONFLICT']);

      const resetSent = await reset('broker_a', user.id);
      expect(resetSent.status).toBe(202);
      expect(await mails.findOneByOrFail({ id: resetSent.body.emailId })).toMatchObject({ template: 'sso.passwordReset', toAddress: user.email });
      await admin('POST', `/admin/brokers/broker_a/users/${user.id}/lock`, root);
      expect((await reset('broker_a', user.id)).body.code).toBe('CONFLICT');

      expect((await audits('user.email_verification_sent', user.id))[0]).toMatchObject({ brokerName: 'broker_a', actor: expect.stringMatching(/^admin:/) });
      expect(JSON.parse((await audits('user.email_verification_sent', user.id))[0].details)).toEqual({ emailId: sent.body.emailId });
      expect(await audits('user.password_reset_sent', user.id)).toHaveLength(1);
      expect(await audits('user.email_verified', user.id)).toHaveLength(1);
    });

    it('is documented in Swagger', async () => {
      const doc = await http(`${t.baseUrl}/docs-json`);
      for (const p of ['', '/{id}', '/{id}/lock', '/{id}/unlock', '/{id}/revoke-tokens'])
        expect(doc.body.paths[`/admin/brokers/{brokerName}/users${p}`]).toBeDefined();
    });
  });

  describe('client-area sessions', () => {
    it('change password, change email and open new account accept the client area’s session and lead back to /client', async () => {
      const user = await seedUser(t.app, 'broker_a', { passwordHash: await hashPassword('Right-pass-123') });
      const broker = t.app.get(BrokerRegistry).findByName('broker_a')!;
      // What the client area's login leaves behind: a `client` screen session (row holds the cookie's SHA-256).
      const value = randomBytes(32).toString('base64url');
      const now = Date.now();
      await t.app
        .get(DataSource)
        .getRepository(ScreenSession)
        .insert({
          id: createHash('sha256').update(value).digest('hex'),
          brokerName: 'broker_a',
          userId: String(user.id),
          kind: 'client',
          accountLogin: null,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: now + 600_000,
          revokedAt: null,
          data: '{}',
        });
      const cookie = `${t.app.get(ScreenSessionService).cookieName(broker, 'client')}=${value}`;
      for (const path of ['/account/password', '/account/email', '/account/create']) {
        const r = await http(`${t.baseUrl}${path}?${q}`, { headers: { cookie } });
        expect([path, r.status]).toEqual([path, 200]);
        expect(r.text).toContain('/client?brokerName=broker_a');
      }
      // Without it: the translated "session expired" page.
      expect((await http(`${t.baseUrl}/account/password?${q}`)).status).toBe(401);
    });
  });

  describe('screen sessions end with 4.5', () => {
    it('4.5 logout ends every screen session of the user (not other users’)', async () => {
      const user = await seedUser(t.app, 'broker_a');
      const other = await seedUser(t.app, 'broker_a');
      const mine = await screenSession(user.ctidUserId!, user.id);
      const theirs = await screenSession(other.ctidUserId!, other.id);
      const out = await ct.logout(user.ctidUserId!, mine.accessToken);
      expect(out.status).toBe(200);
      expect((await page(mine.cookie)).status).toBe(401);
      expect((await page(theirs.cookie)).status).toBe(200);
      const live = await t.app
        .get(DataSource)
        .getRepository(ScreenSession)
        .countBy({ userId: String(user.id), revokedAt: IsNull() });
      expect(live).toBe(0);
    });
  });
});
