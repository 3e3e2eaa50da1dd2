import { Browser } from 'playwright-core';
import { CtraderSimulator } from '../../src/simulator';
import { expectNoHorizontalOverflow, launchBrowser, openPage, VIEWPORTS } from '../support/browser';
import { TestApp } from '../support/test-app';
import { createTrader, LI_BROKER, LI_CRM, PROBE, startLiStack, usersOf } from './li-test-app';

/** The Light-identity door in a real browser: the cookie, the redirect without the token, a reload, the error page. */
describe('Light identity in the browser', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, sim } = await startLiStack());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sim?.close();
  });

  it.each(Object.entries(VIEWPORTS))(
    'at %s width: the screen opens for the right user, a reload does not redeem again, a used token shows the error page',
    async (_name, viewport) => {
      const login = await createTrader(t, LI_BROKER, 'EUR');
      const ctidUserId = viewport.width === VIEWPORTS.phone.width ? 991_001 : 991_002;
      const email = `browser${ctidUserId}@example.com`;
      const token = sim.mintLightIdentityToken({ brokerCrmName: LI_CRM, userId: ctidUserId, email, tradingLogin: login });
      const url = `${t.baseUrl}${PROBE}?brokerName=${LI_BROKER}&token=${token}&lang=es`;
      const page = await openPage(browser, viewport);
      const before = sim.state.countCalls('LI');

      const response = await page.goto(url);
      expect(response?.status()).toBe(200);
      // The redirect dropped the token from the address bar and kept the language and the account.
      expect(page.url()).toBe(`${t.baseUrl}${PROBE}?lang=es&brokerName=${LI_BROKER}&account=${login}`);
      expect(await page.textContent('main')).toContain(`user=${email} account=${login}`);
      await expectNoHorizontalOverflow(page);

      await page.reload();
      expect(await page.textContent('main')).toContain(`user=${email}`);
      // The original URL again (the app reopening the same link): the same session, no second redeem.
      await page.goto(url);
      expect(await page.textContent('main')).toContain(`user=${email}`);
      expect(sim.state.countCalls('LI')).toBe(before + 1);
      expect(await usersOf(t).countBy({ brokerName: LI_BROKER, ctidUserId })).toBe(1);

      // The same link in another browser profile: a translated error page with a way back, no overflow.
      const stranger = await openPage(browser, viewport);
      const refused = await stranger.goto(url);
      expect(refused?.status()).toBe(401);
      expect(await stranger.textContent('main')).toContain('Esta página ya no se puede abrir con este enlace');
      expect(await stranger.locator('main a', { hasText: 'Cerrar' }).count()).toBeGreaterThan(0);
      await expectNoHorizontalOverflow(stranger);
      await stranger.context().close();
      await page.context().close();
    },
  );
});
