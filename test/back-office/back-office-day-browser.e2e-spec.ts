import type { Browser, Page } from 'playwright-core';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { Clock } from '../../src/kernel/clock';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { UnitOfWork } from '../../src/kernel/database/unit-of-work';
import { Job } from '../../src/kernel/jobs/job.entity';
import { JobQueue } from '../../src/kernel/jobs/job-queue.service';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { UserSecurity } from '../../src/kernel/users/user-security.service';
import { UsersService } from '../../src/kernel/users/users.service';
import { RIBBON_RECOMPUTE_JOB } from '../../src/modules/inapp-controls/jobs/ribbon-job-kinds';
import { PartnerAttributionService } from '../../src/modules/partner-attribution/services/partner-attribution.service';
import { PartnersService } from '../../src/modules/partner-attribution/services/partners.service';
import { CtraderSimulator } from '../../src/simulator';
import { eventually, FAST_JOBS_ENV } from '../inapp-actions/payments-harness';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { emitDurable } from '../support/durable-events';
import { seedUser } from '../support/seed';
import { ctraderTestConfig, startSimulatorFor, withEnv } from '../support/simulator-harness';
import { onPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { enrolStaff, EnrolledStaff, StaffBrowser, totpNow } from './staff-kit';

/**
 * Issue #19, the back-office pages of a support/marketing/partners day: Trader 360 found by trading login with the
 * balance cTrader holds, unlock; a ribbon created with its preview and pushed to the simulator; the partner tree with
 * names; a dead job retried; the audit log filtered by the person shows each of those actions under them. Then the
 * refusals over plain HTTP: a viewer cannot unlock, a POST without the CSRF token is refused, another broker's pages
 * are refused, and the attribution CSV neutralises formulas and quotes what needs quoting.
 */
describe(`back office: a day through the pages (${onPostgres() ? 'PostgreSQL' : 'SQLite'}, browser)`, () => {
  let restoreEnv: () => void;
  let sim: CtraderSimulator;
  let t: TestApp;
  let browser: Browser;
  let dora: EnrolledStaff;
  let vic: EnrolledStaff;
  let tara: TraderUser;
  let taraLogin: number;
  let bob: TraderUser;
  let deadJobId: string;

  const broker = (name: string) => t.app.get(BrokerRegistry).findByName(name)!;
  const fresh = (brokerName: string, id: number) => t.app.get(UsersService).findById(brokerName, id);

  /** A trader as the signup saga leaves one: a cTID at the simulator, and ribbon facts (user.signedUp). */
  async function trader(brokerName: string, over: Partial<TraderUser>): Promise<TraderUser> {
    const email = `${over.firstName!.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const simUser = sim.state.createUser({ brokerCrmName: 'crm_shared', email });
    const user = await seedUser(t.app, brokerName, { email, ctidUserId: simUser.userId, ...over });
    await emitDurable(t.app, 'user.signedUp', { brokerName, userId: user.id, ctidUserId: user.ctidUserId! });
    return user;
  }

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    const config = ctraderTestConfig();
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    const root = (await t.app.get(AdminApiKeyService).create({ name: 'root', role: 'admin', brokers: '*' })).key;
    dora = await enrolStaff(t, root, 'Dora@example.test', [{ broker: 'broker_a', role: 'admin' }]);
    vic = await enrolStaff(t, root, 'vic@example.test', [{ broker: '*', role: 'viewer' }]);

    // Tara: a live account at the simulator with 1234.56 USD, locked out by support yesterday.
    tara = await trader('broker_a', { firstName: 'Tara', lastName: 'Trader' });
    const account = await t.app.get(CtraderGateway).createTrader('broker_a', {
      accessRights: 'FULL_ACCESS',
      accountType: 'HEDGED',
      balance: 123456,
      depositCurrency: 'USD',
      groupName: 'Default',
      traderPassword: 'pw-tara',
      leverageInCents: 10000,
      totalMarginCalculationType: 'MAX',
    });
    taraLogin = account.login;
    await t.app.get(UsersService).accountsOf('broker_a').insert({
      userId: tara.id,
      login: taraLogin,
      state: 'linked',
      traderPasswordMd5: null,
      ctidTraderAccountId: null,
      currency: 'USD',
      leverage: 100,
      accountType: 'HEDGED',
      environment: 'live',
      moneyDigits: account.moneyDigits,
      createdAt: Date.now(),
    });
    await t.app.get(UserSecurity).lock(tara, { actor: 'cli' });

    // Partners: Paula with Sam under her; Tara and Eve (whose name is a spreadsheet formula) attributed to Paula.
    const partners = t.app.get(PartnersService);
    const cli = { actor: 'cli', audit: false };
    const paula = await partners.becomePartner(
      broker('broker_a'),
      (await trader('broker_a', { firstName: 'Paula', lastName: 'Partner' })).id,
      { source: 'admin' },
      cli,
    );
    await partners.becomePartner(
      broker('broker_a'),
      (await trader('broker_a', { firstName: 'Sam', lastName: 'Sub' })).id,
      { source: 'admin', parentPartnerId: paula.partnerId },
      cli,
    );
    const attribution = JSON.stringify({ partnerId: paula.partnerId });
    const eve = await trader('broker_a', { firstName: '=HYPERLINK("http://evil.example","x")', lastName: 'Doe, Jr', attribution });
    await t.app.get(UsersService).usersOf('broker_a').update({ id: tara.id }, { attribution });
    for (const u of [(await fresh('broker_a', tara.id))!, eve]) await t.app.get(PartnerAttributionService).attributeUser(broker('broker_a'), u);

    // A job that died (its budget spent): written dead in one transaction, so no worker ever runs it before the retry.
    deadJobId = await t.app.get(UnitOfWork).run(async (m) => {
      const { job } = await t.app
        .get(JobQueue)
        .enqueue(m, { brokerName: 'broker_a', kind: RIBBON_RECOMPUTE_JOB, payload: { reason: 'manual' }, idempotencyKey: 'dead-one' });
      await m.update(Job, { id: job.id }, { state: 'dead', attempts: 5, maxAttempts: 5, lastError: 'cTrader answered 503 five times' });
      return job.id;
    });

    bob = await seedUser(t.app, 'broker_b', { firstName: 'Bob', lastName: 'Bee' });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sim?.close();
    restoreEnv?.();
  });

  /**
   * The page does not scroll sideways at its viewport (wide tables scroll inside their own box). Not the shared
   * expectNoHorizontalOverflow: the shell's skip link waits off-screen to the left by design.
   */
  async function expectNoHorizontalOverflow(page: Page): Promise<void> {
    const { scrollWidth, width } = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return { scrollWidth: doc.scrollWidth, width: doc.clientWidth };
    });
    expect(scrollWidth).toBeLessThanOrEqual(width);
  }

  async function signIn(page: Page, who: EnrolledStaff): Promise<void> {
    // The enrolment used this 30-second step's code; an authenticator shows the next one a minute later.
    t.app.get(Clock).advance(60_000);
    await page.goto(`${t.baseUrl}/back-office/login`);
    await page.fill('#email', who.email);
    await page.fill('#password', who.password);
    await Promise.all([page.waitForURL(/\/back-office\/2fa$/), page.click('button[type=submit]')]);
    await page.fill('#code', await totpNow(t, who.secret));
    await Promise.all([page.waitForURL(/\/back-office$/), page.click('main button[type=submit]')]);
  }

  it("does the day's work in Chromium at 1280 px and 768 px, and the audit log names the person for each action", async () => {
    const page = await openPage(browser, { width: 1280, height: 900 });
    await signIn(page, dora);
    expect((await page.textContent('[data-broker="broker_a"] [data-counter="jobs.dead"]'))?.trim()).toBe('1');
    expect((await page.textContent('[data-broker="broker_a"] [data-counter="users.locked"]'))?.trim()).toBe('1');

    // Trader 360 by trading login: one match opens the trader; the balance is the one cTrader holds.
    await page.click('nav >> text=Traders');
    await page.fill('#q', String(taraLogin));
    await Promise.all([page.waitForURL(new RegExp(`/traders/${tara.id}$`)), page.click('main form[role=search] button')]);
    expect(await page.textContent('[data-testid=trader-name]')).toBe('Tara Trader');
    expect(await page.textContent('[data-section="kernel.accounts"]')).toContain('1234.56 USD');
    expect(await page.textContent('[data-section="partner-attribution.partner"]')).toContain('Paula Partner');
    expect(
      await page.locator('[data-section]').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { section: string } }).dataset.section)),
    ).toEqual([
      'kernel.accounts',
      'inapp-actions.payments',
      'inapp-actions.kyc',
      'partner-attribution.partner',
      'kernel.sessions',
      'kernel.consents',
      'kernel.audit',
    ]);
    expect(await page.textContent('[data-testid=trader-status]')).toContain('Locked');
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'back-office-trader-360'); // SCREENSHOT_DIR=docs/images refreshes the README's image
    await page.setViewportSize({ width: 768, height: 1024 });
    await expectNoHorizontalOverflow(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click('[data-testid=unlock]');
    await page.waitForSelector('[data-testid=flash]');
    expect(await page.textContent('[data-testid=flash]')).toContain('unlocked');
    expect(await page.textContent('[data-testid=trader-status]')).toContain('Active');
    expect((await fresh('broker_a', tara.id))!.lockedAt).toBeNull();

    // A ribbon: preview (no script: the form comes back with the ribbon drawn), then save; cTrader gets it.
    await page.goto(`${t.baseUrl}/back-office/brokers/broker_a/ribbons`);
    await page.click('[data-testid=new-ribbon]');
    await page.fill('#name', 'KYC nudge');
    await page.fill('#title_en', 'Verify your identity, {firstName}');
    await page.fill('#color', '#aa3300');
    await page.fill('#actionUrl', '/inapp/kyc');
    await page.click('[data-testid=preview]');
    await page.waitForSelector('[data-testid=ribbon-preview]');
    const preview = page.locator('[data-testid=ribbon-preview][data-language=en]');
    expect(await preview.locator('text').first().textContent()).toBe('Verify your identity, Alex');
    expect(await preview.locator('rect').getAttribute('fill')).toBe('#aa3300');
    expect(await page.inputValue('#title_en')).toBe('Verify your identity, {firstName}');
    await Promise.all([page.waitForURL(/\/ribbons\/\d+$/), page.click('[data-testid=save]')]);
    expect(await page.textContent('[data-testid=flash]')).toContain('KYC nudge');
    await expectNoHorizontalOverflow(page);
    await page.setViewportSize({ width: 768, height: 1024 });
    await expectNoHorizontalOverflow(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    const pushed = await eventually(async () => sim.state.getInAppControls('crm_shared', tara.ctidUserId!)?.rules?.ribbons, 'the ribbon at the simulator');
    expect(pushed).toEqual([
      {
        color: '#aa3300',
        title: 'Verify your identity, Tara',
        enabled: true,
        closable: true,
        action: { urlinApp: expect.stringContaining('/inapp/kyc') },
        brokerName: 'broker_a',
      },
    ]);

    // Partners: names, not only ids, with the attributed traders.
    await page.click('nav >> text=Partners');
    const tree = await page.textContent('[data-testid=partner-tree]');
    expect(tree).toContain('Paula Partner');
    expect(tree).toContain('Sam Sub');
    expect(tree).toContain(tara.email);
    await expectNoHorizontalOverflow(page);

    // Jobs: the dead one, retried; it runs again and succeeds.
    await page.click('nav >> text=Jobs');
    await page.click(`[data-job="${deadJobId}"] [data-testid=retry]`);
    await page.waitForSelector('[data-testid=flash]');
    expect(await page.textContent('[data-testid=flash]')).toContain('pending again');
    await eventually(async () => (await t.app.get(JobQueue).findById(deadJobId))?.state === 'succeeded', 'the retried job to succeed');

    // The audit log, filtered by the person: each action under her, newest first.
    await page.click('nav >> text=Audit log');
    await page.fill('#person', 'dora@example.test');
    await Promise.all([page.waitForURL(/person=/), page.click('main form.filters button')]);
    const actions = await page
      .locator('[data-testid=audit-events] tbody tr')
      .evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { action: string } }).dataset.action));
    expect(actions).toEqual(['job.retry', 'ribbon_campaign.create', 'user.unlock']);
    expect(await page.locator('[data-testid=audit-events] tbody tr td:nth-child(2)').allTextContents()).toEqual(
      Array(3).fill(expect.stringContaining('dora@example.test')),
    );
    await page.fill('#action-filter', 'job');
    await Promise.all([page.waitForURL(/action=job/), page.click('main form.filters button')]);
    expect(await page.locator('[data-testid=audit-events] tbody tr').count()).toBe(1);
    await page.setViewportSize({ width: 768, height: 1024 });
    await expectNoHorizontalOverflow(page);
    await page.context().close();
  }, 120_000);

  /** A page as a browser gets it, with the person's cookies (kept in their StaffBrowser). */
  async function fetchPage(who: StaffBrowser, path: string, form?: Record<string, string>) {
    const headers: Record<string, string> = { cookie: [...who.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const r = await fetch(`${t.baseUrl}${path}`, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form && new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
    for (const line of r.headers.getSetCookie()) {
      const pair = line.split(';')[0];
      who.cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    const text = await r.text();
    return { status: r.status, text, headers: r.headers, csrf: /name="_csrf" value="([^"]+)"/.exec(text)?.[1] };
  }

  it('refuses what the matrix refuses: a viewer unlocking, a POST without CSRF, another broker; the CSV is safe to open', async () => {
    await t.app.get(UserSecurity).lock((await fresh('broker_a', tara.id))!, { actor: 'cli' });
    const unlock = `/back-office/brokers/broker_a/traders/${tara.id}/unlock`;

    // A viewer sees Trader 360 (read) without the buttons, and a forged unlock with a valid token is 403.
    const seen = await fetchPage(vic.browser, `/back-office/brokers/broker_a/traders/${tara.id}`);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain('data-testid="unlock"');
    expect((await fetchPage(vic.browser, unlock, { _csrf: seen.csrf! })).status).toBe(403);
    // Broker b has neither payments nor partners: those sections are absent, the kernel's are there.
    const other = await fetchPage(vic.browser, `/back-office/brokers/broker_b/traders/${bob.id}`);
    expect(other.status).toBe(200);
    expect(other.text).toContain('data-section="kernel.accounts"');
    expect(other.text).not.toContain('data-section="inapp-actions.payments"');
    expect(other.text).not.toContain('data-section="partner-attribution.partner"');

    // Dora may unlock, but not without the form's token; another broker's pages and traders are not hers.
    const page = await fetchPage(dora.browser, `/back-office/brokers/broker_a/traders/${tara.id}`);
    expect(page.status).toBe(200);
    expect((await fetchPage(dora.browser, unlock, {})).status).toBe(403);
    expect((await fresh('broker_a', tara.id))!.lockedAt).not.toBeNull();
    expect((await fetchPage(dora.browser, `/back-office/brokers/broker_b/traders/${bob.id}`)).status).toBe(403);
    expect((await fetchPage(dora.browser, `/back-office/brokers/broker_b/traders/${bob.id}/unlock`, { _csrf: page.csrf! })).status).toBe(403);
    expect((await fetchPage(dora.browser, `/back-office/brokers/broker_a/traders/${bob.id}`)).status).toBe(404);
    const done = await fetchPage(dora.browser, unlock, { _csrf: page.csrf! });
    expect(done.status).toBe(303);
    expect((await fresh('broker_a', tara.id))!.lockedAt).toBeNull();

    // A ribbon form opened before someone else's save is not saved over theirs (409, the form comes back).
    const list = await fetchPage(dora.browser, '/back-office/brokers/broker_a/ribbons');
    const editPath = /href="(\/back-office\/brokers\/broker_a\/ribbons\/\d+)"/.exec(list.text)![1];
    const edit = await fetchPage(dora.browser, editPath);
    const form = { _csrf: edit.csrf!, name: 'KYC nudge', title_en: 'Verify, {firstName}', color: '#aa3300', actionKind: 'urlinApp', actionUrl: '/inapp/kyc' };
    const stale = await fetchPage(dora.browser, editPath, {
      ...form,
      audienceKind: 'everyone',
      closable: '1',
      enabled: '1',
      priority: '0',
      version: '0',
      intent: 'save',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone else saved this ribbon meanwhile');
    const bad = await fetchPage(dora.browser, editPath, { ...form, title_en: 'Hi {first_name}', audienceKind: 'everyone', version: '1', intent: 'save' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('unknown placeholder {first_name}');

    // The attribution CSV: a formula-looking name starts with ', quotes are doubled, commas quoted; CRLF lines.
    const csv = await fetchPage(dora.browser, '/back-office/brokers/broker_a/partners/attributions.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="attributions-broker_a-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('partnerId,partnerName,partnerEmail,traderEmail,traderName,traderCtidUserId,state,source,attributedAt');
    const eveLine = lines.find((l) => l.includes('HYPERLINK'))!;
    expect(eveLine).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"") Doe, Jr",`);
    expect(eveLine).toMatch(/,Paula Partner,/);
    expect(lines.filter((l) => l.includes(',attributed,signup,'))).toHaveLength(2);
  }, 60_000);
});
