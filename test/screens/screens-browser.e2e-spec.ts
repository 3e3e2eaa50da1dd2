import type { Browser, Page } from 'playwright-core';
import { computedBackground, expectNoHorizontalOverflow, launchBrowser, luminanceOf, openPage, screenshot, VIEWPORTS } from '../support/browser';
import { ScreensTestApp, startScreensTestApp } from './screens-test-app';

// Callbacks given to page.evaluate run in the browser; the project compiles without the DOM lib, so the few
// browser globals they use are declared loosely, for this module only.
declare const document: any;
declare function getComputedStyle(el: unknown): any;

describe('screens in headless Chromium', () => {
  let t: ScreensTestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([startScreensTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const url = (path: string) => `${t.baseUrl}${path}`;
  async function visit(path: string, viewport: { width: number; height: number }): Promise<Page> {
    const page = await openPage(browser, viewport);
    await page.goto(url(path));
    return page;
  }

  const variants = [
    { name: 'login-light-en', path: '/test-screens/form?brokerName=broker_a' },
    { name: 'signup-dark-de', path: '/test-screens/form?brokerName=broker_a&firstLogin=true&theme=dark&lang=de' },
    { name: 'signup-light-ar', path: '/test-screens/form?brokerName=broker_a&firstLogin=true&lang=ar' },
    { name: 'login-dark-zh-logo', path: '/test-screens/form?brokerName=broker_b&theme=dark&lang=zh' },
    { name: 'error-module-disabled-de', path: '/test-screens-gated?brokerName=broker_b' },
    { name: 'error-500-ar-dark', path: '/test-screens/boom?brokerName=broker_a&lang=ar&theme=dark' },
  ];

  for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
    for (const v of variants) {
      it(`${v.name} at ${vpName} (${viewport.width}px): no horizontal overflow`, async () => {
        const page = await visit(v.path, viewport);
        await expectNoHorizontalOverflow(page);
        await screenshot(page, `screens-${v.name}-${vpName}`);
        await page.context().close();
      });
    }
  }

  it('dark theme is actually dark, light is light, text stays readable', async () => {
    const dark = await visit('/test-screens/form?brokerName=broker_a&theme=dark', VIEWPORTS.phone);
    expect(luminanceOf(await computedBackground(dark))).toBeLessThan(0.05);
    expect(luminanceOf(await computedBackground(dark, 'main'))).toBeLessThan(0.05);
    expect(luminanceOf(await dark.$eval('h1', (el) => getComputedStyle(el).color))).toBeGreaterThan(0.7);
    const light = await visit('/test-screens/form?brokerName=broker_a', VIEWPORTS.phone);
    expect(luminanceOf(await computedBackground(light))).toBeGreaterThan(0.8);
    expect(luminanceOf(await light.$eval('h1', (el) => getComputedStyle(el).color))).toBeLessThan(0.05);
    await dark.context().close();
    await light.context().close();
  });

  it('Arabic is laid out right to left', async () => {
    const page = await visit('/test-screens/form?brokerName=broker_a&lang=ar', VIEWPORTS.desktop);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    expect(await page.$eval('main', (el) => getComputedStyle(el).direction)).toBe('rtl');
    // The heading starts at the right edge of the card.
    const [h1, card] = await Promise.all([
      page.$eval('h1', (el) => el.getBoundingClientRect().toJSON()),
      page.$eval('main', (el) => el.getBoundingClientRect().toJSON()),
    ]);
    expect(card.right - (h1.x + h1.width)).toBeLessThan(48);
    await page.context().close();
  });

  it('labels are bound, focus is visible, and a long unbreakable value does not overflow at 320px', async () => {
    const page = await visit('/test-screens/form?brokerName=broker_a', VIEWPORTS.phone);
    await page.getByLabel('Email').fill(`${'x'.repeat(120)}-no-at-sign`);
    await page.getByLabel('Password').fill('whatever-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#email-error').textContent()).toBe('Enter a valid email address.');
    expect(await page.getByLabel('Email').getAttribute('aria-describedby')).toBe('email-error');
    await expectNoHorizontalOverflow(page);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      return { tag: el.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'screens-login-error-phone');
    await page.context().close();
  });

  it('a real browser logs in top-level: CSRF cookie, session cookie, redirect with carried parameters', async () => {
    const page = await visit('/test-screens/form?brokerName=broker_a&lang=es&theme=dark&utm_source=ads', VIEWPORTS.phone);
    await page.getByLabel('Correo electrónico').fill('browser@example.com');
    await page.getByLabel('Contraseña').fill('a-password-123');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.waitForURL(/\/test-screens\/me\?/);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({ lang: 'es', theme: 'dark', utm_source: 'ads', brokerName: 'broker_a' });
    expect(await page.locator('h1').textContent()).toBe('Todo listo');
    expect(await page.locator('main').textContent()).toContain('browser@example.com · broker_a');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'sid-sso.broker_a')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'None' });
    await screenshot(page, 'screens-success-dark-es-phone');
    await page.context().close();
  });

  it('works inside a cross-site iframe (cTrader Web frames us): form, CSRF and session survive', async () => {
    const page = await openPage(browser, VIEWPORTS.desktop);
    const src = url('/test-screens/form?brokerName=broker_a');
    await page.goto(`${t.otherSiteUrl}/frame-host?src=${encodeURIComponent(src)}`);
    const frame = page.frameLocator('#screen');
    await frame.getByLabel('Email').fill('framed@example.com');
    await frame.getByLabel('Password').fill('a-password-123');
    // Submitted from the keyboard: inside the framed page the button may sit below the iframe's visible area.
    await frame.getByLabel('Password').press('Enter');
    await frame.locator('main', { hasText: 'framed@example.com · broker_a' }).waitFor({ timeout: 20000 });
    await screenshot(page, 'screens-framed-desktop');
    await page.context().close();
  });

  it("refuses to be framed by a site that is not in the broker's frameAncestors", async () => {
    const page = await openPage(browser, VIEWPORTS.desktop);
    const src = url('/test-screens/form?brokerName=broker_b');
    // No fixed wait: the host page's load event waits for its frame (page.goto returns after it), and the screen's
    // own answer is awaited, so the browser has had the page and its frame-ancestors when we look.
    const answered = page.waitForResponse((r) => r.url() === src);
    await page.goto(`${t.otherSiteUrl}/frame-host?src=${encodeURIComponent(src)}`);
    const screen = await answered;
    expect(screen.status()).toBe(200);
    expect(screen.headers()['content-security-policy']).toMatch(/frame-ancestors/);
    expect(screen.headers()['content-security-policy']).not.toContain(new URL(t.otherSiteUrl).host);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    // Chromium replaces a refused frame with its error page: no form of ours in it.
    expect(frame!.url()).not.toBe(src);
    const rendered = await frame!.evaluate(() => !!document.querySelector('form')).catch(() => false);
    expect(rendered).toBe(false);
    await page.context().close();
  });
});
