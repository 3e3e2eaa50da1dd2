import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { Job } from '../../src/kernel/jobs/job.entity';
import { AuditEvent } from '../../src/kernel/audit/audit-event.entity';
import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { EmailMessage } from '../../src/kernel/mail/email-message.entity';
import { PasswordReset } from '../../src/modules/full-sso/services/password-reset.service';
import { DomainEvents } from '../../src/kernel/events/domain-events';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { TradingAccount } from '../../src/kernel/users/trading-account.entity';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { expectNoHorizontalOverflow, launchBrowser, openPage, screenshot, VIEWPORTS } from '../support/browser';
import { ctraderTestConfig, startSimulatorFor, withEnv } from '../support/simulator-harness';
import { SmtpSink, SinkMessage } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD } from '../support/test-config';
import { AccountToken } from '../../src/modules/full-sso/entities/account-token.entity';
import { codeInText, enterSignupCode } from '../support/signup-code';

const until = async <T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * Reset password (6.3.9, through the email the SMTP sink received), welcome email, change password, change email
 * (3.10 through a durable job), open a new account from the app (6.3.6), configured eventNames — in headless
 * Chromium with the simulator as cTrader and a real SMTP server.
 */
describe('Full SSO account security (browser, SMTP sink)', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  let sink: SmtpSink;
  let browser: Browser;
  let ct: CtraderAppClient;
  let restoreEnv: () => void;
  const q = 'brokerName=broker_a&brokerCrmName=crm_shared';
  const PASSWORD = 'Trader-pass-123';

  beforeAll(async () => {
    restoreEnv = withEnv({ JOBS_POLL_INTERVAL_MS: '50', JOBS_BACKOFF_BASE_MS: '50', JOBS_BACKOFF_MAX_MS: '200' });
    sink = await SmtpSink.start();
    const config = ctraderTestConfig({
      raw: { mail: { transport: 'smtp', from: 'no-reply@broker.test', smtp: { host: '127.0.0.1', port: sink.port, secure: false } } },
    });
    config.brokers[0].fullSso.eventNames = {
      accountCreate: 'cfg_account_create',
      resetPassword: 'cfg_reset_password',
      signup: 'cfg_signup',
      login: 'cfg_login',
      success: 'cfg_success',
    };
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    // Links in emails use the public base URL; the test server listens on a random port.
    t.config.server.baseUrl = t.baseUrl;
    browser = await launchBrowser();
    ct = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sim?.close();
    await sink?.close();
    restoreEnv?.();
  });

  const db = () => t.app.get(DataSource);
  /** The signup code as the trader's mailbox gets it: from the SMTP sink. */
  const codeFromSink = (email: string) => async () => codeInText((await sink.waitFor((x) => x.envelopeTo.includes(email) && x.subject.includes('code'))).text);
  const userByEmail = (email: string) => db().getRepository(TraderUser).findOneByOrFail({ brokerName: 'broker_a', email });

  async function signUp(page: Page, email: string, language = 'en') {
    await page.goto(`${t.baseUrl}/auth/login?${q}&firstLogin=true`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.fill('#firstName', 'Ana');
    await page.fill('#lastName', 'Trader');
    await page.selectOption('#country', 'CY');
    await page.selectOption('#language', language);
    await page.check('#keepLoggedIn');
    await page.click('button[type=submit]');
    await enterSignupCode(page, t.app, 'broker_a', email, codeFromSink(email));
    await page.waitForURL(/\/account\/create/);
    await page.selectOption('#currency', 'USD');
    await page.selectOption('#leverage', '100');
    await page.selectOption('#accountType', 'HEDGED');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/callback\/success\?.*token=/);
    return tokenOf(page.url());
  }

  async function logIn(page: Page, email: string, password: string) {
    await page.goto(`${t.baseUrl}/auth/login?${q}&firstLogin=false`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForLoadState();
  }

  function tokenOf(url: string): string {
    const token = new URL(url).searchParams.get('token');
    if (!token) throw new Error(`no token on ${url}`);
    return token;
  }

  function linkIn(m: SinkMessage, path: string): string {
    const link = m.text.match(new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}\\?\\S+`))?.[0];
    if (!link) throw new Error(`no ${path} link in: ${m.text}`);
    return link;
  }

  /** An in-app OT token as the app gets it (4.2 → inappToken → 4.4) for a user who logged in with Keep me logged in. */
  async function inappTokenFor(loginToken: string): Promise<{ ot: string; ctid: number; accessToken: string }> {
    const ex = await ct.exchange(loginToken);
    const body = ex.body as { userId: number; accessToken: string; inappToken: string };
    const gen = await ct.generate(body.userId, body.inappToken);
    return { ot: (gen.body as { token: string }).token, ctid: body.userId, accessToken: body.accessToken };
  }

  it('signup completes with a welcome email in the preferred language, once; the configured eventName is carried into each step', async () => {
    const page = await openPage(browser, VIEWPORTS.phone);
    const email = 'welcome.de@example.com';
    await page.goto(`${t.baseUrl}/auth/login?${q}&firstLogin=false&eventName=app_open`);
    expect(new URL((await page.getAttribute('#reset-password-link', 'href'))!, t.baseUrl).searchParams.get('eventName')).toBe('cfg_reset_password');
    expect(new URL((await page.getAttribute('#switch-to-signup', 'href'))!, t.baseUrl).searchParams.get('eventName')).toBe('cfg_signup');
    await page.click('#switch-to-signup');
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.fill('#firstName', 'Jürgen');
    await page.fill('#lastName', 'Trader');
    await page.selectOption('#country', 'DE');
    await page.selectOption('#language', 'de');
    await page.click('button[type=submit]');
    await enterSignupCode(page, t.app, 'broker_a', email, codeFromSink(email));
    await page.waitForURL(/\/account\/create/);
    expect(new URL(page.url()).searchParams.get('eventName')).toBe('cfg_account_create');
    await page.selectOption('#currency', 'USD');
    await page.selectOption('#leverage', '100');
    await page.selectOption('#accountType', 'HEDGED');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/callback\/success\?.*token=/);
    expect(new URL(page.url()).searchParams.get('eventName')).toBe('cfg_success');

    const m = await sink.waitFor((x) => x.envelopeTo.includes(email) && x.subject.startsWith('Willkommen'));
    expect(m.subject).toBe('Willkommen bei broker_a brand');
    expect(m.text).toContain('Hallo Jürgen,');
    const login = (
      await db()
        .getRepository(TradingAccount)
        .findOneByOrFail({ brokerName: 'broker_a', userId: (await userByEmail(email)).id })
    ).login;
    expect(m.text).toContain(String(login));
    expect(m.html).toContain('broker_a Ltd');
    expect(sink.to(email).filter((x) => x.subject.startsWith('Willkommen'))).toHaveLength(1);
    await page.context().close();
  });

  it('6.3.9 reset password from the login screen: the email arrives, the link works once, the user ends up logged in, the new password works', async () => {
    const email = 'reset.me@example.com';
    const first = await openPage(browser, VIEWPORTS.desktop);
    const { accessToken } = await inappTokenFor(await signUp(first, email));
    await first.context().close();

    const page = await openPage(browser, VIEWPORTS.phone);
    await page.goto(`${t.baseUrl}/auth/login?${q}&lang=en`);
    await page.click('#reset-password-link');
    await page.waitForURL(/\/auth\/reset-password\?/);
    await expectNoHorizontalOverflow(page);
    await page.fill('#email', email);
    await page.click('button[type=submit]');
    await page.locator('.status-icon').waitFor();
    const sentText = await page.textContent('main, body');
    expect(sentText).toContain('If an account uses this email');

    const m = await sink.waitFor((x) => x.envelopeTo.includes(email) && x.subject.startsWith('Reset'));
    expect(m.subject).toBe('Reset your broker_a brand password');
    const link = linkIn(m, '/auth/reset-password/confirm');
    expect(m.html).toContain(link.replace(/&/g, '&amp;'));

    await page.goto(link);
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'reset-confirm-320');
    await page.fill('#newPassword', 'New-pass-4567');
    await page.fill('#confirmPassword', 'New-pass-4568');
    await page.click('button[type=submit]');
    expect(await page.textContent('#confirmPassword-error')).toContain('do not match');
    await page.fill('#newPassword', 'New-pass-4567');
    await page.fill('#confirmPassword', 'New-pass-4567');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/callback\/success\?.*token=/);
    const ex = await ct.exchange(tokenOf(page.url()));
    expect(ex.status).toBe(200);
    const user = await userByEmail(email);
    expect((ex.body as { userId: number }).userId).toBe(user.ctidUserId);

    // Every access token from before the reset is revoked; the link is single use.
    expect((await ct.validate(accessToken)).status).toBe(404);
    await page.goto(link);
    expect(await page.textContent('body')).toContain('expired or has already been used');
    const audit = await db()
      .getRepository(AuditEvent)
      .findOneBy({ brokerName: 'broker_a', action: 'user.password_reset', target: `user:${user.id}` });
    expect(audit).not.toBeNull();

    // The new password logs in; the old one does not.
    await logIn(page, email, PASSWORD);
    expect(await page.textContent('[role=alert]')).toContain('incorrect');
    await logIn(page, email, 'New-pass-4567');
    await page.waitForURL(/\/callback\/success\?.*token=/);
    await page.context().close();
  });

  it('reset answers the same for an unknown email and sends nothing; the per-account limit stops further emails', async () => {
    const page = await openPage(browser);
    const answers: string[] = [];
    for (const email of ['nobody.here@example.com', 'welcome.de@example.com']) {
      await page.goto(`${t.baseUrl}/auth/reset-password?${q}`);
      await page.fill('#email', email);
      await page.click('button[type=submit]');
      await page.locator('.status-icon').waitFor();
      answers.push((await page.textContent('main, body'))!);
    }
    expect(answers[0]).toBe(answers[1]);
    await sink.waitFor((x) => x.envelopeTo.includes('welcome.de@example.com') && x.subject.includes('Passwort'));
    expect(sink.to('nobody.here@example.com')).toHaveLength(0);
    // The German user asked once; the broker allows 3 per hour: two more get through, the rest are dropped silently.
    const user = await userByEmail('welcome.de@example.com');
    const broker = t.app.get(BrokerRegistry).findByName('broker_a')!;
    for (let i = 0; i < 4; i++) await t.app.get(PasswordReset).request(broker, user.email);
    expect(await db().getRepository(EmailMessage).countBy({ brokerName: 'broker_a', toAddress: user.email, template: 'sso.passwordReset' })).toBe(3);
    await until(async () => sink.to(user.email).filter((x) => x.subject.includes('Passwort')).length === 3, 'three reset emails');
    await page.context().close();
  });

  it('6.3.6 an existing logged-in user opens a new account from the app: 3.3 then 3.4, stored, success URL naming it', async () => {
    const email = 'second.account@example.com';
    const first = await openPage(browser);
    const { ot, ctid } = await inappTokenFor(await signUp(first, email));
    await first.context().close();

    const page = await openPage(browser, VIEWPORTS.phone);
    await page.goto(`${t.baseUrl}/account/create?${q}&token=${ot}&lang=en`);
    expect(page.url()).not.toContain('token=');
    await expectNoHorizontalOverflow(page);
    await page.selectOption('#currency', 'USD');
    await page.selectOption('#leverage', '100');
    await page.selectOption('#accountType', 'HEDGED');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/callback\/success\?.*token=/);
    expect(await page.textContent('h1')).toContain('All done');

    expect(sim.state.listAccounts().filter((a) => a.userId === ctid)).toHaveLength(2);
    expect(sim.state.listTraders().filter((tr) => tr.contactDetails?.email === email)).toHaveLength(2);
    const user = await userByEmail(email);
    const accounts = await db()
      .getRepository(TradingAccount)
      .find({ where: { brokerName: 'broker_a', userId: user.id }, order: { id: 'ASC' } });
    expect(accounts.map((a) => a.state)).toEqual(['linked', 'linked']);
    const ex = await ct.exchange(tokenOf(page.url()));
    expect((ex.body as { userId: number }).userId).toBe(ctid);
    // One welcome email only: the second account did not "complete signup" again.
    expect(sink.to(email).filter((x) => x.subject.startsWith('Welcome'))).toHaveLength(1);
    await page.context().close();
  });

  it('change password from the app: current + new; the app’s access tokens are revoked, the current session stays', async () => {
    const email = 'change.pw@example.com';
    const first = await openPage(browser);
    const { ot, accessToken } = await inappTokenFor(await signUp(first, email));
    await first.context().close();

    const page = await openPage(browser, VIEWPORTS.phone);
    await page.goto(`${t.baseUrl}/account/password?${q}&token=${ot}`);
    await expectNoHorizontalOverflow(page);
    await page.fill('#currentPassword', 'not-my-password');
    await page.fill('#newPassword', 'Changed-pass-99');
    await page.fill('#confirmPassword', 'Changed-pass-99');
    await page.click('button[type=submit]');
    expect(await page.textContent('#currentPassword-error')).toContain('incorrect');
    await page.fill('#currentPassword', PASSWORD);
    await page.fill('#newPassword', 'Changed-pass-99');
    await page.fill('#confirmPassword', 'Changed-pass-99');
    await page.click('button[type=submit]');
    await page.locator('.status-success').waitFor();
    expect(await page.textContent('h1')).toContain('Change password');
    expect(await page.textContent('body')).toContain('Your password has been changed');
    expect((await ct.validate(accessToken)).status).toBe(404);
    // The session it was changed from still works.
    await page.goto(`${t.baseUrl}/account/password?${q}`);
    expect(await page.isVisible('#currentPassword')).toBe(true);
    await logIn(page, email, 'Changed-pass-99');
    await page.waitForURL(/\/callback\/success\?.*token=/);
    await page.context().close();
  });

  it('change email: a confirmation link to the new address; on confirm 3.10 runs through a durable job, then the local address and user.emailChanged', async () => {
    const email = 'old.address@example.com';
    const newEmail = 'new.address@example.com';
    const first = await openPage(browser);
    const { ot, ctid } = await inappTokenFor(await signUp(first, email, 'fr'));
    await first.context().close();
    const changed: number[] = [];
    t.app.get(DomainEvents).on('user.emailChanged', (e) => void changed.push(e.userId));

    const page = await openPage(browser, VIEWPORTS.phone);
    await page.goto(`${t.baseUrl}/account/email?${q}&token=${ot}&lang=en`);
    await expectNoHorizontalOverflow(page);
    await page.fill('#newEmail', 'welcome.de@example.com');
    await page.fill('#currentPassword', PASSWORD);
    await page.click('button[type=submit]');
    // An address another profile uses: the same answer as any other (no enumeration); its owner is told, no link exists.
    await page.locator('.status-icon').waitFor();
    expect(await page.textContent('body')).toContain('we sent a confirmation link to welcome.de@example.com');
    const notice = await sink.waitFor((x) => x.envelopeTo.includes('welcome.de@example.com') && x.subject === 'Jemand wollte Ihre E-Mail-Adresse verwenden');
    expect(notice.text).not.toMatch(/https?:\/\/\S*confirm/);
    expect(await db().getRepository(AccountToken).countBy({ brokerName: 'broker_a', newEmail: 'welcome.de@example.com' })).toBe(0);
    await page.goto(`${t.baseUrl}/account/email?${q}&lang=en`);
    await page.fill('#newEmail', newEmail);
    await page.fill('#currentPassword', PASSWORD);
    await page.click('button[type=submit]');
    await page.locator('.status-icon').waitFor();
    expect(await page.textContent('body')).toContain(newEmail);

    const m = await sink.waitFor((x) => x.envelopeTo.includes(newEmail));
    expect(m.subject).toBe('Confirmez votre nouvelle adresse e-mail');
    const link = linkIn(m, '/account/email/confirm');
    // Opening the link changes nothing (mail scanners open links); the button does.
    // cTrader fails 3.10 four times: the gateway's own 3 tries of the first job attempt, then once more.
    sim.faults.add({ call: '3.10', mode: 'error', times: 4 });
    await page.goto(link);
    expect(await page.textContent('body')).toContain(newEmail);
    expect((await userByEmail(email)).email).toBe(email);
    await page.click('button[type=submit]');
    await page.locator('.status-success').waitFor();
    // The link carries the user's language (French here).
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('body')).toContain('est confirmée');

    const job = await until(async () => {
      const j = await db().getRepository(Job).findOneBy({ brokerName: 'broker_a', kind: 'sso.changeEmail' });
      return j?.state === 'succeeded' ? j : null;
    }, 'the email-change job to succeed');
    expect(job.attempts).toBe(2);
    const user = await db().getRepository(TraderUser).findOneByOrFail({ brokerName: 'broker_a', email: newEmail });
    expect(sim.state.getUser(ctid)!.email).toBe(newEmail);
    expect(changed).toContain(user.id);
    // Single use.
    await page.goto(link);
    expect(await page.isVisible('.status-error')).toBe(true);
    expect(await page.isVisible('button[type=submit]')).toBe(false);
    await page.context().close();
  });

  it('a locked-out account and an unknown email get the same login answer', async () => {
    const email = 'brute.force@example.com';
    const first = await openPage(browser);
    await signUp(first, email);
    await first.context().close();
    const page = await openPage(browser);
    for (let i = 0; i < 5; i++) await logIn(page, email, `wrong-password-${i}`);
    const lockedOut: string[] = [];
    await logIn(page, email, PASSWORD);
    lockedOut.push((await page.textContent('[role=alert]'))!);
    await logIn(page, 'unknown.person@example.com', PASSWORD);
    lockedOut.push((await page.textContent('[role=alert]'))!);
    expect(lockedOut[0]).toContain('incorrect');
    expect(lockedOut[0]).toBe(lockedOut[1]);
    const user = await userByEmail(email);
    expect(
      await db()
        .getRepository(AuditEvent)
        .countBy({ action: 'login.lockout', target: `user:${user.id}`, category: 'security' }),
    ).toBe(1);
    await page.context().close();
  });
});
