import type { Browser, Page } from 'playwright-core';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { expectNoHorizontalOverflow, launchBrowser, openPage, screenshot, VIEWPORTS } from '../support/browser';
import { startSimulatorFor } from '../support/simulator-harness';
import { http, startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD } from '../support/test-config';
import { adminKey, eventually, partnerTestConfig, referralsOf } from './partner-harness';
import { enterSignupCode } from '../support/signup-code';

/**
 * Conformance 6.3.3 in headless Chromium with the simulator as cTrader: user A becomes a partner from the partner
 * area (opened from the app as an in-app screen), B signs up through A's referral link in a fresh browser profile,
 * B appears in A's partner area, and cTrader holds A's referral id and B's trader with introducingBroker1 = A.
 * Then a second level: B becomes a partner (under A), C signs up through B's link → IB1 = B, IB2 = A.
 */
describe('6.3.3 partner attribution (browser)', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  let browser: Browser;
  let ct: CtraderAppClient;
  const q = 'brokerName=broker_a&brokerCrmName=crm_shared';

  beforeAll(async () => {
    const config = partnerTestConfig();
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    browser = await launchBrowser();
    ct = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sim?.close();
  });

  /** Signup through the real screens, ending on the success URL; returns the login OT token. */
  async function signUp(page: Page, url: string, email: string, firstName: string): Promise<string> {
    await page.goto(url);
    await page.fill('#email', email);
    await page.fill('#password', 'Trader-pass-123');
    await page.fill('#firstName', firstName);
    await page.fill('#lastName', 'Tester');
    await page.selectOption('#country', 'CY');
    await page.check('#keepLoggedIn');
    await page.click('button[type=submit]');
    await enterSignupCode(page, t.app, 'broker_a', email);
    await page.waitForURL(/\/account\/create/);
    await page.selectOption('#currency', 'USD');
    await page.selectOption('#leverage', '100');
    await page.selectOption('#accountType', 'HEDGED');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/callback\/success\?.*token=/);
    return new URL(page.url()).searchParams.get('token')!;
  }

  /** What the app does when the user taps the partner action: 4.2 (once, at login) then 4.4 → in-app URL. */
  async function openPartnerArea(page: Page, loginToken: string): Promise<number> {
    const exchanged = (await ct.exchange(loginToken)).body as { userId: number; inappToken: string };
    const generated = (await ct.generate(exchanged.userId, exchanged.inappToken)).body as { token: string };
    await page.goto(`${t.baseUrl}/client/partner?${q}&token=${encodeURIComponent(generated.token)}`);
    return exchanged.userId;
  }

  /** The referral link points at the configured base URL; the test server listens elsewhere: same path and query. */
  const onTestServer = (link: string) => {
    const u = new URL(link);
    return `${t.baseUrl}${u.pathname}${u.search}`;
  };

  it('A becomes a partner, B signs up through A’s link, B appears in A’s area; cTrader holds the referral id and IB1 = A', async () => {
    await ct.authenticate();
    const pageA = await openPage(browser, VIEWPORTS.phone);
    const tokenA = await signUp(pageA, `${t.baseUrl}/auth/login?${q}&firstLogin=true`, 'alice.partner@example.com', 'Alice');
    const ctidA = await openPartnerArea(pageA, tokenA);
    expect(pageA.url()).not.toContain('token=');
    await expectNoHorizontalOverflow(pageA);
    await pageA.click('#become-partner');
    await pageA.waitForSelector('#referralLink');
    const link = await pageA.inputValue('#referralLink');
    const partnerIdA = new URL(link).searchParams.get('partnerId')!;
    expect(partnerIdA).toMatch(/^p[a-z2-9]{10}$/);
    expect(new URL(link).searchParams.get('firstLogin')).toBe('true');
    await expectNoHorizontalOverflow(pageA);
    await screenshot(pageA, 'partner-area-new-320');

    // 3.6 through the durable job, verified with 3.7: the simulator holds A's referral id on A's cTID.
    await eventually(() => referralsOf(sim, ctidA).find((r) => r.partnerId === partnerIdA && r.ctidTraderAccountId === null));

    // B, in a fresh browser profile, through A's link (with marketing parameters).
    const pageB = await openPage(browser, VIEWPORTS.desktop);
    await signUp(pageB, `${onTestServer(link)}&utm_source=newsletter&utm_campaign=spring`, 'bob.referred@example.com', 'Bob');
    const ctidB = sim.state.listUsers().find((u) => u.email === 'bob.referred@example.com')!.userId;
    const traderB = sim.state.listTraders().find((tr) => tr.contactDetails?.email === 'bob.referred@example.com')!;
    expect(traderB.contactDetails?.introducingBroker1).toBe(partnerIdA);
    expect(traderB.contactDetails?.introducingBroker2).toBeUndefined();

    // B appears in A's partner area (same in-app session, reloaded), with B's account.
    await pageA.goto(`${t.baseUrl}/client/partner?${q}`);
    const rows = await pageA.locator('#traders tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Bob Tester');
    expect(rows[0]).toContain(String(traderB.login));
    expect(await pageA.locator('#levels tbody td').allTextContents()).toEqual(['1', '1', '0']); // level, traders, sub-partners
    await expectNoHorizontalOverflow(pageA);
    await pageA.setViewportSize(VIEWPORTS.desktop);
    await expectNoHorizontalOverflow(pageA);
    await screenshot(pageA, 'partner-area-with-trader-1280');

    // The admin API tells the same story, with the UTM parameters kept.
    const admin = await adminKey(t);
    const history = await http(`${t.baseUrl}/admin/brokers/broker_a/partners/${partnerIdA}/attributions`, { headers: { authorization: `Bearer ${admin}` } });
    expect(history.body).toEqual([expect.objectContaining({ outcome: 'ATTRIBUTED', source: 'signup', traderUserId: ctidB, partnerId: partnerIdA })]);

    // Second level: B becomes a partner (under A, who referred B); C signs up through B's link.
    const pageB2 = await openPage(browser, VIEWPORTS.phone);
    await pageB2.goto(`${t.baseUrl}/auth/login?${q}&firstLogin=false`);
    await pageB2.fill('#email', 'bob.referred@example.com');
    await pageB2.fill('#password', 'Trader-pass-123');
    await pageB2.click('button[type=submit]');
    await pageB2.waitForURL(/\/callback\/success\?.*token=/);
    await openPartnerArea(pageB2, new URL(pageB2.url()).searchParams.get('token')!);
    await pageB2.click('#become-partner');
    const linkB = await pageB2.inputValue('#referralLink');
    const partnerIdB = new URL(linkB).searchParams.get('partnerId')!;
    const pageC = await openPage(browser, VIEWPORTS.phone);
    await signUp(pageC, onTestServer(linkB), 'carol.second@example.com', 'Carol');
    const traderC = sim.state.listTraders().find((tr) => tr.contactDetails?.email === 'carol.second@example.com')!;
    expect(traderC.contactDetails).toMatchObject({ introducingBroker1: partnerIdB, introducingBroker2: partnerIdA });

    await pageA.goto(`${t.baseUrl}/client/partner?${q}`);
    expect(await pageA.locator('#subpartners tbody tr').allTextContents()).toEqual([expect.stringContaining(partnerIdB)]);
    expect(await pageA.locator('#levels tbody td').allTextContents()).toEqual(['1', '1', '1', '2', '1', '0']);
  });

  it('an unknown partnerId never blocks a signup', async () => {
    const page = await openPage(browser, VIEWPORTS.phone);
    await signUp(page, `${t.baseUrl}/auth/login?${q}&firstLogin=true&partnerId=no-such-partner`, 'dana.unknown@example.com', 'Dana');
    const trader = sim.state.listTraders().find((tr) => tr.contactDetails?.email === 'dana.unknown@example.com')!;
    expect(trader.contactDetails?.introducingBroker1).toBeUndefined();
  });

  it('the partner area needs a session: without one it is a translated "session expired" page', async () => {
    const page = await openPage(browser, VIEWPORTS.phone);
    const res = await page.goto(`${t.baseUrl}/client/partner?${q}&lang=de`);
    expect(res!.status()).toBe(401);
    await expectNoHorizontalOverflow(page);
  });
});
