import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../../src/kernel/audit/audit-event.entity';
import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { EmailMessage } from '../../src/kernel/mail/email-message.entity';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { SignupVerification } from '../../src/modules/full-sso/entities/signup-verification.entity';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { ScreenClient, ScreenResponse } from '../support/screen-client';
import { ctraderTestConfig, startSimulatorFor } from '../support/simulator-harness';
import { http, startTestApp, TestApp } from '../support/test-app';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { TEST_CRM_PASSWORD } from '../support/test-config';
import { seedUser } from '../support/seed';
import { codeInText } from '../support/signup-code';

/**
 * Issue #17, flows §2.3 "Email ownership": no cTID is created or adopted before the trader proves the address;
 * the code's rules (hash, expiry, single use, tries, send limits); no enumeration; `emailVerification: none`.
 * broker_a and broker_b share the CRM `crm_shared` (two white labels): a cTID one made, the other meets.
 */
describe('Signup email verification (HTTP)', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  const A = 'brokerName=broker_a&brokerCrmName=crm_shared';
  const B = 'brokerName=broker_b&brokerCrmName=crm_shared';
  let n = 0;
  let ip = 1;
  const browser = () => new ScreenClient(t.baseUrl, { 'x-forwarded-for': `203.0.113.${ip++ % 250}` });

  beforeAll(async () => {
    const config = ctraderTestConfig();
    // broker_b verifies addresses elsewhere.
    config.brokers[1].fullSso.signup.emailVerification = 'none';
    config.brokers[0].fullSso.signup.codesPerAddressPerHour = 3;
    config.brokers[0].fullSso.signup.codesPerIpPerHour = 6;
    // Each simulated browser has its own address (X-Forwarded-For from a trusted proxy), as traders do.
    config.server.trustedProxies = ['127.0.0.1'];
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  const db = () => t.app.get(DataSource);
  const broker = (name: string) => t.app.get(BrokerRegistry).findByName(name)!;
  const calls = (call: '3.2' | '3.3' | '3.4' | '3.11') => sim.state.countCalls(call);
  const codeEmails = (email: string) =>
    db()
      .getRepository(EmailMessage)
      .find({ where: { toAddress: email, template: 'sso.signupCode' }, order: { id: 'DESC' } });
  const latestCode = async (email: string) => codeInText((await codeEmails(email))[0].textBody);
  const localUser = (brokerName: string, email: string) => db().getRepository(TraderUser).findOneBy({ brokerName, email });
  /** A cTID that predates the server: made by the back office / another white label with a plain 3.2. */
  const preexistingCtid = async (email: string) => (await t.app.get(CtraderGateway).createUser(broker('broker_b'), { email, preferredLanguage: 'EN' })).userId;

  function signupForm(email: string, over: Record<string, string> = {}) {
    return { form: 'signup', email, password: 'Trader-pass-123', firstName: 'Eve', lastName: 'Tester', country: 'CY', keepLoggedIn: 'on', ...over };
  }
  async function signUp(client: ScreenClient, email: string, q = A, over: Record<string, string> = {}): Promise<ScreenResponse> {
    return client.submit(`/auth/login?${q}&firstLogin=true`, signupForm(email, over));
  }
  const handleOf = (page: ScreenResponse) => /name="signup" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const csrfOf = (page: ScreenResponse) => /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  function codeStep(client: ScreenClient, page: ScreenResponse, fields: Record<string, string>, q = A): Promise<ScreenResponse> {
    return client.request('POST', `/auth/signup/verify?${q}`, new URLSearchParams({ _csrf: csrfOf(page), signup: handleOf(page), ...fields }).toString());
  }
  const enter = (client: ScreenClient, page: ScreenResponse, code: string, q = A) => codeStep(client, page, { form: 'verifyEmail', code }, q);
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const fresh = (name: string) => `${name}.${++n}@example.com`;

  it('asks for a code on the same screen and creates nothing until it is entered; the code is stored only as a hash bound to the screen', async () => {
    const email = fresh('new.trader');
    const before = calls('3.2');
    const client = browser();
    const page = await signUp(client, email);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`We sent a 6-digit code to ${email}`);
    expect(page.text).toMatch(/<input id="code" name="code" type="text" autocomplete="one-time-code" inputmode="numeric"/);
    expect(calls('3.2')).toBe(before);
    expect(await localUser('broker_a', email)).toBeNull();

    const code = await latestCode(email);
    const [mail] = await codeEmails(email);
    // No typed name in the code email: nobody can make the broker write their words to a stranger.
    expect(mail.textBody).not.toContain('Eve');
    const row = await db().getRepository(SignupVerification).findOneByOrFail({ brokerName: 'broker_a', email });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(handleOf(page));
    expect(row.codeHash).not.toBe(createHash('sha256').update(code).digest('hex'));
    expect(row.signup).not.toContain('Trader-pass-123');

    const done = await enter(client, page, code);
    expect(done.status).toBe(303);
    expect(done.location).toContain('/account/create');
    expect(calls('3.2')).toBe(before + 1);
    const user = await localUser('broker_a', email);
    expect(user).toMatchObject({ signupStep: 'agreement_accepted', firstName: 'Eve' });
    expect(user!.emailVerifiedAt).not.toBeNull();
    expect(user!.ctidRequestedAt).toBeNull();
    // Single use: the same code and screen cannot make a second profile.
    expect((await enter(client, page, code)).status).toBe(410);
  });

  it('a code survives 5 tries, then even the right one fails until a new code is sent; a resent code replaces the old one', async () => {
    const email = fresh('five.tries');
    const client = browser();
    const page = await signUp(client, email);
    const code = await latestCode(email);
    for (let i = 0; i < 4; i++) {
      const r = await enter(client, page, wrong(code));
      expect(r.status).toBe(422);
      expect(r.text).toContain('This code is not right');
    }
    expect((await enter(client, page, wrong(code))).status).toBe(422);
    const spent = await enter(client, page, code);
    expect(spent.status).toBe(422);
    expect(spent.text).toContain('Send a new code');
    expect(await localUser('broker_a', email)).toBeNull();

    const resent = await codeStep(client, page, { form: 'resendCode' });
    expect(resent.status).toBe(200);
    expect(resent.text).toContain(`We sent a new 6-digit code to ${email}`);
    const second = await latestCode(email);
    if (second !== code) expect((await enter(client, page, code)).status).toBe(422);
    expect((await enter(client, page, second)).status).toBe(303);
  });

  it('concurrent guesses cannot spend more tries than allowed', async () => {
    const email = fresh('parallel.guess');
    const client = browser();
    const page = await signUp(client, email);
    const code = await latestCode(email);
    const guesses = Array.from({ length: 12 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    await Promise.all(guesses.map((g) => enter(client, page, g)));
    const row = await db().getRepository(SignupVerification).findOneByOrFail({ brokerName: 'broker_a', email });
    expect(row.attempts).toBe(5);
    expect((await enter(client, page, code)).text).toContain('Send a new code');
  });

  it('an expired code is refused', async () => {
    const email = fresh('expired.code');
    const client = browser();
    const page = await signUp(client, email);
    await db()
      .getRepository(SignupVerification)
      .update({ brokerName: 'broker_a', email }, { codeExpiresAt: Date.now() - 1 });
    const r = await enter(client, page, await latestCode(email));
    expect(r.status).toBe(422);
    expect(r.text).toContain('has expired');
    expect(await localUser('broker_a', email)).toBeNull();
  });

  it('sends per address are limited (3 an hour here), across signups; the screen says so and nothing more is sent', async () => {
    const email = fresh('flooded');
    const client = browser();
    const page = await signUp(client, email);
    await codeStep(client, page, { form: 'resendCode' });
    await signUp(browser(), email);
    expect(await codeEmails(email)).toHaveLength(3);
    const limited = await codeStep(client, page, { form: 'resendCode' });
    expect(limited.status).toBe(200);
    expect(limited.text).toContain('no new one was sent');
    const again = await signUp(browser(), email);
    expect(again.text).toContain('no new one was sent');
    expect(await codeEmails(email)).toHaveLength(3);
  });

  it('sends per IP are limited (6 an hour here), whatever the addresses', async () => {
    const sameIp = () => new ScreenClient(t.baseUrl, { 'x-forwarded-for': '198.51.100.77' });
    const emails = Array.from({ length: 7 }, () => fresh('one.ip'));
    const pages: ScreenResponse[] = [];
    for (const email of emails) pages.push(await signUp(sameIp(), email));
    expect(pages.slice(0, 6).every((p) => p.text.includes('We sent a 6-digit code'))).toBe(true);
    expect(pages[6].text).toContain('no new one was sent');
    expect(await codeEmails(emails[6])).toHaveLength(0);
  });

  it('another broker cannot use a signup screen of this one', async () => {
    const email = fresh('cross.broker');
    const client = browser();
    const page = await signUp(client, email);
    const r = await enter(client, page, await latestCode(email), B);
    expect(r.status).toBe(410);
    expect(await localUser('broker_b', email)).toBeNull();
  });

  it('no enumeration: an address with a profile gets the same screen; its owner is emailed instead, and no code can verify it', async () => {
    const owner = await seedUser(t.app, 'broker_a', { email: fresh('registered.owner') });
    const other = fresh('not.registered');
    const takenPage = await signUp(browser(), owner.email);
    const freePage = await signUp(browser(), other);
    const shape = (p: ScreenResponse, email: string) =>
      p.text
        .replaceAll(email, 'EMAIL')
        .replace(/name="_csrf" value="[^"]+"/g, '')
        .replace(/name="signup" value="[^"]+"/g, '')
        .replace(/nonce-[^'"]+|nonce="[^"]+"/g, '');
    expect(takenPage.status).toBe(freePage.status);
    expect(shape(takenPage, owner.email)).toBe(shape(freePage, other));

    expect(await codeEmails(owner.email)).toHaveLength(0);
    const notices = await db().getRepository(EmailMessage).findBy({ toAddress: owner.email, template: 'sso.signupAttempt' });
    expect(notices).toHaveLength(1);
    expect(notices[0].textBody).toContain('/auth/reset-password?');
    // Every code fails (none was sent); the owner's profile is untouched.
    const client = browser();
    const page = await signUp(client, owner.email);
    for (const guess of ['000000', '123456', '999999']) expect((await enter(client, page, guess)).status).toBe(422);
    expect((await localUser('broker_a', owner.email))!.id).toBe(owner.id);
  });

  it('the takeover is refused: a stranger signing up with the address of an existing cTID never gets it; its owner proves the address and adopts it (audited)', async () => {
    const victim = fresh('victim');
    const victimCtid = await preexistingCtid(victim);
    const attacker = browser();
    const page = await signUp(attacker, victim, A, { firstName: 'Mallory' });
    expect(page.status).toBe(200);
    for (const guess of ['000000', '111111', '424242']) expect((await enter(attacker, page, guess)).status).toBe(422);
    expect(await localUser('broker_a', victim)).toBeNull();
    expect(sim.state.listAccounts().filter((a) => a.userId === victimCtid)).toHaveLength(0);

    // The owner reads the code in their mailbox.
    const owner = browser();
    const ownPage = await signUp(owner, victim, A, { firstName: 'Victoria' });
    const done = await enter(owner, ownPage, await latestCode(victim));
    expect(done.status).toBe(303);
    const token = new URL(done.location!, t.baseUrl).searchParams.get('token')!;
    const ct = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
    expect(((await ct.exchange(token)).body as { userId: number }).userId).toBe(victimCtid);
    const user = (await localUser('broker_a', victim))!;
    expect(user).toMatchObject({ ctidUserId: victimCtid, signupStep: 'complete', firstName: 'Victoria' });
    const audit = await db()
      .getRepository(AuditEvent)
      .findOneByOrFail({ brokerName: 'broker_a', action: 'user.ctid_adopted', target: `user:${user.id}` });
    expect(JSON.parse(audit.details)).toMatchObject({ ctidUserId: victimCtid });
    const key = (await t.app.get(AdminApiKeyService).create({ name: 'read', role: 'read', brokers: ['broker_a'] })).key;
    const shown = await http(`${t.baseUrl}/admin/brokers/broker_a/users/${user.id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(shown.body).toMatchObject({ ctidUserId: victimCtid, emailVerifiedAt: expect.stringMatching(/^\d{4}-/) });
    // The welcome email went out after verification.
    expect(await db().getRepository(EmailMessage).countBy({ toAddress: victim, template: 'sso.welcome' })).toBe(1);
  });

  describe('a broker with emailVerification: none', () => {
    it('never adopts an existing cTID: "log in or reset your password", nothing linked, no local profile left', async () => {
      const victim = fresh('none.victim');
      const victimCtid = await preexistingCtid(victim);
      const before = calls('3.2');
      const page = await signUp(browser(), victim, B);
      expect(page.status).toBe(409);
      expect(page.text).toContain('This email address already has a profile');
      expect(page.text).toMatch(/href="\/auth\/reset-password\?[^"]*brokerName=broker_b/);
      expect(calls('3.2')).toBe(before);
      expect(await localUser('broker_b', victim)).toBeNull();
      expect(sim.state.listAccounts().filter((a) => a.userId === victimCtid)).toHaveLength(0);
    });

    it('EMAIL_ALREADY_EXISTS from 3.2 itself (a cTID made after our look-up) is never adopted either', async () => {
      const email = fresh('none.race');
      sim.faults.add({ call: '3.2', mode: 'error', status: 400, errorCode: 'EMAIL_ALREADY_EXISTS', times: 1 });
      const page = await signUp(browser(), email, B);
      expect(page.status).toBe(409);
      expect(await localUser('broker_b', email)).toBeNull();
    });

    it('a lost 3.2 answer is repaired by 3.11 because this user’s own attempt was recorded; no welcome email to an unproven address', async () => {
      const email = fresh('none.lost');
      sim.faults.add({ call: '3.2', mode: 'dropAfterEffect', times: 1 });
      const page = await browser().submit(`/auth/login?${B}&firstLogin=true`, signupForm(email));
      expect(page.status).toBe(303);
      const user = (await localUser('broker_b', email))!;
      expect(user.ctidUserId).toBe(sim.state.findUserByEmail('crm_shared', email)!.userId);
      expect(user.emailVerifiedAt).toBeNull();
      const client = browser();
      await client.submit(`/auth/login?${B}`, { form: 'login', email, password: 'Trader-pass-123' });
      const opened = await client.submit(`/account/create?${B}`, { currency: 'USD', leverage: '100', accountType: 'HEDGED' });
      expect(opened.status).toBe(303);
      expect(await db().getRepository(EmailMessage).countBy({ toAddress: email, template: 'sso.welcome' })).toBe(0);
    });

    it('after a definite 3.2 failure no attempt stays recorded: a cTID someone else makes meanwhile is not taken for ours', async () => {
      const email = fresh('none.failed');
      // A refusal (not a lost answer): cTrader made nothing.
      sim.faults.add({ call: '3.2', mode: 'error', status: 400, errorCode: 'INVALID_PARAMETER', times: 1 });
      const client = browser();
      const failed = await client.submit(`/auth/login?${B}&firstLogin=true`, signupForm(email));
      expect(failed.status).toBe(422);
      expect((await localUser('broker_b', email))!.ctidRequestedAt).toBeNull();
      const othersCtid = await preexistingCtid(email);
      const retry = await client.get(`/account/create?${B}`);
      expect(retry.status).toBe(200);
      const resumed = await client.submit(`/account/create?${B}`, { currency: 'USD', leverage: '100', accountType: 'HEDGED' });
      expect(resumed.status).toBe(409);
      expect(resumed.text).toContain('already has a profile');
      expect((await localUser('broker_b', email))?.ctidUserId ?? null).not.toBe(othersCtid);
      expect(sim.state.listAccounts().filter((a) => a.userId === othersCtid)).toHaveLength(0);
    });
  });
});
