import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';

// Callbacks given to page.evaluate run in the browser; the project compiles without the DOM lib, so the few
// browser globals they use are declared loosely, for this module only.
declare const document: any;
declare function getComputedStyle(el: unknown): any;

/**
 * Headless Chromium for browser tests: Debian's `chromium` package driven by playwright-core (no browser
 * download). Every browser test launches through here so flags and viewports stay the same everywhere.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** The two viewports every screen is checked at: the narrowest phone we support, and a desktop. */
export const VIEWPORTS = {
  phone: { width: 320, height: 640 },
  desktop: { width: 1280, height: 800 },
} as const;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A fresh page in a fresh context (own cookies) at the given viewport. */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = VIEWPORTS.phone,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport, ...options });
  return context.newPage();
}

/**
 * Fails when the page scrolls sideways at its current viewport, naming the elements that stick out (the usual
 * culprits: a long unbreakable word, a fixed width, a table).
 */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const result = await page.evaluate(() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const offenders: string[] = [];
    for (const el of Array.from<any>(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) {
        const id = el.id ? `#${el.id}` : '';
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        offenders.push(`${el.tagName.toLowerCase()}${id}${cls} [${Math.round(r.left)}..${Math.round(r.right)}]`);
      }
    }
    return { scrollWidth: Math.max(doc.scrollWidth, document.body.scrollWidth), width, offenders: offenders.slice(0, 10) };
  });
  if (result.scrollWidth > result.width || result.offenders.length) {
    throw new Error(`horizontal overflow at ${result.width}px: scrollWidth=${result.scrollWidth}; sticking out: ${result.offenders.join(', ') || 'none'}`);
  }
}

/** Where screenshots go: $SCREENSHOT_DIR, else a folder in the system temp dir (never the work tree). */
export function screenshotDir(): string {
  const dir = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'cbi-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Saves a full-page PNG and returns its path (for a human to look at, or to attach to a CI run). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(screenshotDir(), `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The computed background colour of an element (default: body), as `rgb(r, g, b)`. */
export async function computedBackground(page: Page, selector = 'body'): Promise<string> {
  return page.$eval(selector, (el) => getComputedStyle(el).backgroundColor);
}

/** Relative luminance of a computed `rgb()`/`rgba()` colour: < 0.2 reads as a dark theme. */
export function luminanceOf(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((c) => {
    const s = Number(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
