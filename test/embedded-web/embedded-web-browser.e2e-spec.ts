import type { Browser, Frame, Page } from 'playwright-core';
import { CtraderAppClient } from '../../src/simulator';
import { expectNoHorizontalOverflow, launchBrowser, openPage, screenshot, VIEWPORTS } from '../support/browser';
import { TEST_CRM_PASSWORD } from '../support/test-config';
import { A, ClientAreaEnv, PASSWORD, seedTrader, startClientAreaEnv } from '../client-area/client-area-fixtures';

/**
 * Conformance 6.3.8 in headless Chromium, with the simulator's cTrader Web page as the broker's cTrader Web URL:
 * from the client area the trader opens cTrader Web (in an iframe, and on a new page) and arrives authorised —
 * the page exchanged its token through 4.2 and shows the right user and account.
 */
describe('Embedded cTrader Web from the client area (browser, 6.3.8)', () => {
  let env: ClientAreaEnv;
  let browser: Browser;
  let ct: CtraderAppClient;

  beforeAll(async () => {
    env = await startClientAreaEnv();
    browser = await launchBrowser();
    ct = new CtraderAppClient({ baseUrl: env.t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  async function logIn(page: Page, email: string, query = A) {
    await page.goto(`${env.t.baseUrl}/client?${query}`);
    await page.waitForURL(/\/client\/login/);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('#welcome');
  }

  /** The cTrader Web page inside the iframe, once it has tried its 4.2 exchange. */
  async function ctraderWebFrame(page: Page): Promise<Frame> {
    const handle = await page.waitForSelector('#ctrader-web-frame');
    const frame = (await handle.contentFrame())!;
    await frame.waitForSelector('#ctweb-status');
    return frame;
  }

  const status = async (where: Page | Frame) => ({
    status: await where.getAttribute('#ctweb-status', 'data-status'),
    userId: await where.getAttribute('#ctweb-status', 'data-user-id'),
    account: await where.getAttribute('#ctweb-status', 'data-account'),
    lang: await where.getAttribute('#ctweb-status', 'data-lang'),
    theme: await where.getAttribute('#ctweb-status', 'data-theme'),
  });

  const tokenOfFrame = async (page: Page) => new URL((await page.getAttribute('#ctrader-web-frame', 'src'))!).searchParams.get('token')!;

  it('iframe: the page inside is authorised as the right user and account; a reload issues a new token and the old one is refused', async () => {
    const { user, email, logins } = await seedTrader(env.t, 'broker_a', 2);
    const page = await openPage(browser, VIEWPORTS.desktop);
    await logIn(page, email, `${A}&theme=dark`);
    await page.click('#ctrader-web-here');
    await page.waitForURL(/\/client\/ctrader-web/);
    expect(page.url()).not.toContain('token=');
    let frame = await ctraderWebFrame(page);
    expect(await status(frame)).toMatchObject({ status: 'authorised', userId: String(user.ctidUserId), account: String(logins[0]), theme: 'dark' });
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'client-ctrader-web-desktop');
    const firstToken = await tokenOfFrame(page);

    await page.reload();
    frame = await ctraderWebFrame(page);
    expect(await status(frame)).toMatchObject({ status: 'authorised', userId: String(user.ctidUserId) });
    const secondToken = await tokenOfFrame(page);
    expect(secondToken).not.toBe(firstToken);
    // The first token was exchanged by the first load: presented again it is refused (and what it produced revoked).
    const replay = await ct.exchange(firstToken);
    expect(replay.status).toBe(404);
    expect(replay.body).not.toHaveProperty('userId');

    // Account switch: a new token for the other account.
    await page.selectOption('#account', String(logins[1]));
    await page.click('#switch-account');
    await page.waitForURL(new RegExp(`account=${logins[1]}`));
    frame = await ctraderWebFrame(page);
    expect(await status(frame)).toMatchObject({ status: 'authorised', userId: String(user.ctidUserId), account: String(logins[1]) });
    expect(await tokenOfFrame(page)).not.toBe(secondToken);
    await page.context().close();
  });

  it('new page: "Open cTrader Web" opens the broker\'s cTrader Web already logged in; the client area keeps its URL', async () => {
    const { user, email, logins } = await seedTrader(env.t);
    const page = await openPage(browser, VIEWPORTS.phone);
    await logIn(page, email, `${A}&lang=de`);
    const dashboardUrl = page.url();
    const [opened] = await Promise.all([page.context().waitForEvent('page'), page.click('#open-ctrader-web')]);
    await opened.waitForSelector('#ctweb-status');
    expect(opened.url().startsWith(`${env.sim.url}/ctrader-web?`)).toBe(true);
    expect(await status(opened)).toMatchObject({ status: 'authorised', userId: String(user.ctidUserId), account: String(logins[0]), lang: 'de' });
    expect(page.url()).toBe(dashboardUrl);
    expect(page.url()).not.toContain('token=');
    // Its reload presents the same, used token: cTrader refuses it (a new one only comes from the client area).
    await opened.reload();
    await opened.waitForSelector('#ctweb-status');
    expect(await status(opened)).toMatchObject({ status: 'error' });
    await page.context().close();
  });

  it('no horizontal overflow at 320 px and desktop: login, dashboard, cTrader Web page (light, dark, RTL)', async () => {
    const { email } = await seedTrader(env.t, 'broker_a', 2, 'Maximilian-Alexander-Bartholomew');
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      for (const extra of ['&theme=light', '&theme=dark&lang=ar']) {
        const page = await openPage(browser, viewport);
        await page.goto(`${env.t.baseUrl}/client/login?${A}${extra}`);
        await expectNoHorizontalOverflow(page);
        await logIn(page, email, `${A}${extra}`);
        await expectNoHorizontalOverflow(page);
        await screenshot(page, `client-dashboard-${name}${extra.replace(/[&=]/g, '-')}`);
        await page.click('#ctrader-web-here');
        await ctraderWebFrame(page);
        await expectNoHorizontalOverflow(page);
        await screenshot(page, `client-ctrader-web-${name}${extra.replace(/[&=]/g, '-')}`);
        await page.context().close();
      }
    }
  });

  it('logout from the client area: 3.12 at cTrader, and the area asks to log in again', async () => {
    const { user, email } = await seedTrader(env.t);
    const page = await openPage(browser);
    await logIn(page, email);
    const before = env.sim.state.calls({ call: '3.12' }).length;
    await page.click('#logout');
    await page.waitForSelector('h1');
    expect(await page.textContent('h1')).toBe('You are logged out');
    const calls = env.sim.state.calls({ call: '3.12' });
    expect(calls.length).toBe(before + 1);
    expect(calls[calls.length - 1].path).toContain(`userId=${user.ctidUserId}`);
    await page.goto(`${env.t.baseUrl}/client?${A}`);
    await page.waitForURL(/\/client\/login/);
    await page.context().close();
  });
});
