import type { Browser, Page } from 'playwright-core';
import { md5Hex } from '../../src/simulator';
import { launchBrowser, openPage, VIEWPORTS } from '../support/browser';
import { TEST_MANAGER_PASSWORD } from '../support/simulator-harness';
import { BROKER, ConformanceServer, startConformanceServer } from './support/conformance-server';
import { enterSignupCode } from '../support/signup-code';

/**
 * The app simulator page (served by the simulator at /app) clicked through like a broker's team would: log in
 * through the broker's screen in the embedded frame, see a ribbon pushed with 3.9, open Deposit through 4.4,
 * re-login through 4.3, log out through 4.5.
 */
/** Waits for a condition the server reaches asynchronously (its request log line is written after the answer). */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('app simulator page (browser)', () => {
  let server: ConformanceServer;
  let browser: Browser;
  const email = 'app.page@example.com';
  const password = 'App-page-pass-1';

  beforeAll(async () => {
    // The broker's success URL is the app's own (as a broker registers it with Spotware): the page watches its frame land there.
    server = await startConformanceServer({ successUrlOnSimulator: true });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signUp(page: Page) {
    await page.goto(`${server.t.baseUrl}/auth/login?brokerName=${BROKER.brokerName}&brokerCrmName=${BROKER.brokerCrmName}&firstLogin=true`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.fill('#firstName', 'Ada');
    await page.fill('#lastName', 'App');
    await page.selectOption('#country', 'CY');
    await page.click('button[type=submit]');
    await enterSignupCode(page, server.t.app, BROKER.brokerName, email);
    await page.waitForURL(/\/account\/create/);
    await page.selectOption('#currency', 'USD');
    await page.selectOption('#leverage', '100');
    await page.selectOption('#accountType', 'HEDGED');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/app\/success\?/);
  }

  /** 3.9 exactly as the broker server would call it: manager token (3.1), then PUT inAppControls. */
  async function pushRibbon(userId: number) {
    const sim = server.sim.url;
    const login = await fetch(`${sim}/v2/webserv/managers/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 2309, hashedPassword: md5Hex(TEST_MANAGER_PASSWORD) }),
    });
    const { webservToken } = (await login.json()) as { webservToken: string };
    const put = await fetch(`${sim}/cid/oauth2/ctid/inAppControls?token=${encodeURIComponent(webservToken)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        brokerCrmName: BROKER.brokerCrmName,
        userId,
        rules: {
          ribbons: [{ color: '#ff6600', title: 'Verify your identity', enabled: true, closable: true, action: { urlinApp: `${server.t.baseUrl}/inapp/kyc` } }],
        },
      }),
    });
    expect(put.status).toBe(201);
  }

  it('log in, see a ribbon, deposit through 4.4, re-login (4.3), log out (4.5)', async () => {
    const signupPage = await openPage(browser, VIEWPORTS.desktop);
    await signUp(signupPage);
    await signupPage.context().close();
    const userId = server.sim.state.listUsers().find((u) => u.email === email)!.userId;
    await pushRibbon(userId);

    const page = await openPage(browser, VIEWPORTS.desktop);
    await page.goto(`${server.sim.url}/app`);
    await page.click('#login-button');
    const frame = page.frameLocator('#app-frame');
    await frame.locator('#email').fill(email);
    await frame.locator('#password').fill(password);
    // From the keyboard, as in the screens' own framed test: inside a frame in a fixed overlay, pointer hit-testing
    // of the framed page is unreliable in headless Chromium.
    await frame.locator('#keepLoggedIn').press('Space');
    expect(await frame.locator('#keepLoggedIn').isChecked()).toBe(true);
    await frame.locator('#password').press('Enter');

    // The page saw the success URL, exchanged the token (4.2) and shows the user.
    await page.waitForSelector('#logged-in:not([hidden])');
    expect(await page.textContent('#user-id')).toBe(String(userId));
    expect(await page.isVisible('#frame-box.open')).toBe(false);

    // The ribbon as cTrader draws it: its title, its colour, closable.
    const ribbon = page.locator('.ribbon');
    await ribbon.waitFor();
    expect(await ribbon.locator('.title').textContent()).toBe('Verify your identity');
    expect(await ribbon.evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor)).toBe('rgb(255, 102, 0)');
    expect(await ribbon.locator('button.close').count()).toBe(1);

    // Deposit: 4.4 for an in-app token, then /inapp/deposit with token and account in the frame, on our server.
    const account = await page.inputValue('#account');
    expect(account).toMatch(/^\d+$/);
    const frameResponse = page.waitForResponse((r) => r.url().startsWith(`${server.t.baseUrl}/inapp/deposit?`));
    const depositRequest = page.waitForRequest((r) => r.url().startsWith(`${server.t.baseUrl}/inapp/deposit?`));
    // The screen the frame lands on after the token is dropped from the address (waited for, not looked up later:
    // the redirect's follow-up request may not exist yet when the first response is read).
    const landed = page.waitForResponse((r) => r.url().startsWith(`${server.t.baseUrl}/inapp/deposit`) && !new URL(r.url()).searchParams.has('token'));
    await page.click('#deposit-button');
    const deposit = new URL((await depositRequest).url());
    expect(deposit.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(deposit.searchParams.get('account')).toBe(account);
    expect(deposit.searchParams.get('brokerName')).toBe(BROKER.brokerName);
    await page.waitForSelector('#frame-box.open');
    const served = await frameResponse;
    expect(served.request().url()).toBe(deposit.toString());
    // Entered with the token, the screen opens its session and drops the token from the address (303 to itself);
    // the frame then gets the deposit screen itself, not an error page or a redirect elsewhere.
    expect(served.status()).toBe(303);
    const screenUrl = new URL(served.headers()['location'], deposit);
    expect(`${screenUrl.origin}${screenUrl.pathname}`).toBe(`${server.t.baseUrl}/inapp/deposit`);
    expect(screenUrl.searchParams.has('token')).toBe(false);
    const screen = await landed;
    expect(screen.url()).toBe(screenUrl.toString());
    expect(screen.status()).toBe(200);
    expect(screen.headers()['content-type']).toMatch(/^text\/html/);
    await until(() => server.t.logs.some((line) => line.includes('/inapp/deposit')));
    await page.click('#frame-close');

    // Re-login: 4.3 with the stored access token gives the same user.
    await page.click('#relogin-button');
    await page.waitForSelector(`#relogin-result:text-is("Re-login (4.3): userId ${userId}")`);

    // Log out: 4.5 revokes the access token; the page is logged out.
    const stored = JSON.parse((await page.evaluate(() => (globalThis as any).localStorage.getItem('ctrader-app-simulator'))) as string) as {
      accessToken: string;
    };
    await page.click('#logout-button');
    await page.waitForSelector('#logged-out:not([hidden])');
    expect(await page.textContent('#session')).toBe('Logged out');
    const again = await server.sim.appClient!.validate(stored.accessToken);
    expect(again.status).toBe(404);
    await page.context().close();
  });
});
