import { Browser, chromium, Page } from 'playwright-core';

// Callbacks given to page.evaluate run in the browser; the project compiles without the DOM lib.
declare const document: any;
declare function getComputedStyle(el: unknown): any;

/**
 * Headless Chromium for the kit, outside Jest too: Debian's `chromium` driven by playwright-core (no browser
 * download). Same flags as test/support/browser.ts, which stays the tests' launcher; this copy lives in src/ so
 * the kit ships in dist/ without test code.
 */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export function launchChromium(executablePath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** The viewports of 6.2.2: phone portrait, 4:3, 16:9. */
export const CONFORMANCE_VIEWPORTS = {
  'phone portrait 320×640': { width: 320, height: 640 },
  '4:3 1024×768': { width: 1024, height: 768 },
  '16:9 1920×1080': { width: 1920, height: 1080 },
} as const;

/** Null when the page does not scroll sideways, else a description naming what sticks out. */
export async function horizontalOverflow(page: Page): Promise<string | null> {
  const result = await page.evaluate(() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const offenders: string[] = [];
    for (const el of Array.from<any>(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) {
        const id = el.id ? `#${el.id}` : '';
        offenders.push(`${el.tagName.toLowerCase()}${id} [${Math.round(r.left)}..${Math.round(r.right)}]`);
      }
    }
    return { scrollWidth: Math.max(doc.scrollWidth, document.body.scrollWidth), width, offenders: offenders.slice(0, 5) };
  });
  if (result.scrollWidth <= result.width && result.offenders.length === 0) return null;
  return `scrollWidth ${result.scrollWidth} > ${result.width}px; sticking out: ${result.offenders.join(', ') || 'none'}`;
}

/** Relative luminance of the body's computed background (< 0.2 reads as dark, > 0.5 as light). */
export async function backgroundLuminance(page: Page): Promise<number> {
  // A transparent body shows the html element's background, and a transparent html the browser's white.
  const rgb: string = await page.evaluate(() => {
    for (const el of [document.body, document.documentElement]) {
      const c = getComputedStyle(el).backgroundColor as string;
      if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) return c;
    }
    return 'rgb(255, 255, 255)';
  });
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((c) => {
    const s = Number(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
