import { Page } from 'playwright-core';
import { CheckDefinition } from './check-definition';
import { CheckFailure, CheckOutcome, expectThat, failed, passed, VerdictPart } from './check-result';
import { backgroundLuminance, CONFORMANCE_VIEWPORTS, horizontalOverflow } from './chromium';
import { codeOf, KitContext } from './kit-context';

const LOAD_LIMIT_MS = 3_000;
/** Names the screens must never show (spec 2.1): cTrader's own identity product and other platforms. */
const FORBIDDEN_TEXT = /ctrader\s*id\b|metatrader|\bmt[45]\b|tradingview|ninjatrader|xstation/i;

type Form = 'login' | 'signup';

async function withPage<T>(ctx: KitContext, viewport: { width: number; height: number }, run: (page: Page) => Promise<T>): Promise<T> {
  const page = await ctx.screens.newPage(viewport);
  try {
    return await run(page);
  } finally {
    await page.context().close();
  }
}

async function openForm(ctx: KitContext, page: Page, form: Form, params: Record<string, string> = {}) {
  const opened = await ctx.screens.open(page, ctx.screens.loginUrl({ firstLogin: form === 'signup' ? 'true' : 'false', ...params }));
  const isSignup = await ctx.screens.isSignupForm(page);
  if (form === 'signup' && !isSignup) throw new CheckFailure('firstLogin=true did not show the signup form');
  if (form === 'login' && !(await ctx.screens.isLoginForm(page))) throw new CheckFailure('firstLogin=false did not show the login form');
  return opened;
}

async function htmlLang(page: Page): Promise<string> {
  return ((await page.getAttribute('html', 'lang')) ?? '').toLowerCase();
}

async function visibleText(page: Page): Promise<string> {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ');
}

/** The other screens 6.2 covers, opened as the app opens them: a fresh 4.4 token each (spec 2.2). */
const INAPP_SCREENS = [
  { name: 'deposit', path: '/inapp/deposit', account: true },
  { name: 'withdrawal', path: '/inapp/withdraw', account: true },
  { name: 'new account', path: '/account/create', account: false },
  { name: 'change password', path: '/account/password', account: false },
  { name: 'change email', path: '/account/email', account: false },
] as const;
const INAPP_PART = 'in-app screens';
/** Spec 2.1: in-app screens are closable — a visible Back/X control. */
const CLOSE_CONTROL =
  'a[aria-label*=close i]:visible, a[aria-label*=back i]:visible, button[aria-label*=close i]:visible, button[aria-label*=back i]:visible, a.close:visible, a.back:visible';

/**
 * Runs `inspect` on each in-app screen at `viewport` and gathers the problems into one part row. The part is
 * manual when the trading account (needed by deposit and withdrawal) is unknown.
 */
async function inappScreensPart(
  ctx: KitContext,
  title: string,
  viewports: { width: number; height: number }[],
  inspect: (page: Page, screen: string, loadMs: number) => Promise<string | null>,
): Promise<VerdictPart> {
  const user = await ctx.userA();
  const account = user.account ?? ctx.options.user?.account;
  if (!account)
    return { suffix: INAPP_PART, title, outcome: 'manual', evidence: 'the trading account is unknown: give --account (with --user) or --simulator-url' };
  // The same problem at every size is reported once, with the sizes it was seen at.
  const problems = new Map<string, number[]>();
  const seen: string[] = [];
  for (const screen of INAPP_SCREENS) {
    for (const viewport of viewports) {
      const problem = await withPage(ctx, viewport, async (page) => {
        const gen = await ctx.app.generate(user.userId!, user.inappToken);
        const token = (gen.body as { token?: string } | null)?.token;
        if (gen.status !== 200 || !token) return `4.4 for ${screen.name}: ${gen.status} ${codeOf(gen)}`;
        const started = performance.now();
        const response = await page.goto(ctx.screens.url(screen.path, { token, account: screen.account ? account : undefined }), { waitUntil: 'load' });
        const status = response?.status() ?? 0;
        if (status >= 400) return `${screen.name} (${screen.path}) answered ${status}`;
        return inspect(page, screen.name, Math.round(performance.now() - started));
      });
      if (problem) problems.set(problem, [...(problems.get(problem) ?? []), viewport.width]);
    }
    seen.push(screen.name);
  }
  const outcome: CheckOutcome = problems.size ? 'failed' : 'passed';
  const listed = [...problems].map(([problem, widths]) => `${problem} at ${widths.join('/')} px`);
  return { suffix: INAPP_PART, title, outcome, evidence: problems.size ? listed.join('; ') : `${seen.join(', ')} opened through 4.4: fine` };
}

/** 6.2: the screens in headless Chromium. Only Chromium is automated; the other browsers stay a manual pass. */
export const SCREEN_CHECKS: CheckDefinition[] = [
  {
    id: '6.2.1',
    title: 'SSO screens meet the content rules (Chromium, private window)',
    mandatory: true,
    async run(ctx) {
      const seen: string[] = [];
      for (const form of ['login', 'signup'] as Form[]) {
        await withPage(ctx, { width: 1280, height: 800 }, async (page) => {
          const popups: string[] = [];
          page.on('dialog', (d) => {
            popups.push(`dialog "${d.message().slice(0, 40)}"`);
            void d.dismiss();
          });
          page.on('popup', (p) => popups.push(`window ${p.url()}`));
          const { loadMs } = await openForm(ctx, page, form);
          expectThat(loadMs <= LOAD_LIMIT_MS, `${form} screen took ${loadMs} ms to load (limit 3 s)`);
          const text = await visibleText(page);
          const forbidden = text.match(FORBIDDEN_TEXT);
          expectThat(!forbidden, `${form} screen shows "${forbidden?.[0]}"`);
          expectThat(popups.length === 0, `${form} screen opened pop-ups: ${popups.join(', ')}`);
          const origin = new URL(ctx.options.baseUrl).origin;
          const foreign = await page.evaluate(
            (own) =>
              Array.from((globalThis as any).document.querySelectorAll('script[src], iframe[src]') as any[])
                .map((e: any) => e.src as string)
                .filter((src) => !src.startsWith(own)),
            origin,
          );
          expectThat(foreign.length === 0, `${form} screen loads third-party content (clutter, chat widgets): ${foreign.slice(0, 3).join(', ')}`);
          const footer = page.locator('footer');
          const footerText = (await footer.count()) ? ((await footer.first().innerText()) ?? '').replace(/\s+/g, ' ').trim() : '';
          if (ctx.options.legalEntity)
            expectThat(
              footerText.includes(ctx.options.legalEntity) || text.includes(ctx.options.legalEntity),
              `${form} screen does not show the legal entity "${ctx.options.legalEntity}"`,
            );
          else expectThat(footerText.length > 0, `${form} screen has no footer with the legal entity`);
          seen.push(`${form}: ${loadMs} ms`);
          if (form === 'login') seen.push(`footer "${footerText.slice(0, 60)}"`);
        });
      }
      const inapp = await inappScreensPart(
        ctx,
        'deposit, withdrawal, new account, change password, change email: content rules, closable',
        [{ width: 1280, height: 800 }],
        async (page, screen, loadMs) => {
          if (loadMs > LOAD_LIMIT_MS) return `${screen} took ${loadMs} ms`;
          const forbidden = (await visibleText(page)).match(FORBIDDEN_TEXT);
          if (forbidden) return `${screen} shows "${forbidden[0]}"`;
          if ((await page.locator(CLOSE_CONTROL).count()) === 0) return `${screen} has no visible Back/Close control`;
          return null;
        },
      );
      return passed(`${seen.join('; ')}; no "cTrader ID", no other platform, no pop-ups, no third-party content. Firefox/Safari/Edge: manual`, [inapp]);
    },
  },
  {
    id: '6.2.2',
    title: 'screens at phone portrait, 4:3 and 16:9 without horizontal overflow',
    mandatory: true,
    async run(ctx) {
      const problems: string[] = [];
      for (const [name, viewport] of Object.entries(CONFORMANCE_VIEWPORTS)) {
        for (const form of ['login', 'signup'] as Form[]) {
          await withPage(ctx, viewport, async (page) => {
            await openForm(ctx, page, form);
            const overflow = await horizontalOverflow(page);
            if (overflow) problems.push(`${form} at ${name}: ${overflow}`);
            const submit = page.locator('form button[type=submit], form input[type=submit], form button:not([type])').first();
            if (!(await submit.isVisible())) problems.push(`${form} at ${name}: no visible submit button`);
          });
        }
      }
      const inapp = await inappScreensPart(
        ctx,
        'deposit, withdrawal, new account, change password, change email at the three sizes',
        Object.values(CONFORMANCE_VIEWPORTS),
        async (page, screen) => {
          const overflow = await horizontalOverflow(page);
          return overflow ? `${screen}: ${overflow}` : null;
        },
      );
      return problems.length ? failed(problems.join('; '), [inapp]) : passed(`login and signup fit ${Object.keys(CONFORMANCE_VIEWPORTS).join(', ')}`, [inapp]);
    },
  },
  {
    id: '6.2.3',
    title: 'lang: en; another supported code; an unsupported code → broker default',
    mandatory: false,
    async run(ctx) {
      const other = ctx.options.otherLang ?? 'es';
      const fallback = ctx.options.defaultLang ?? 'en';
      return withPage(ctx, { width: 1280, height: 800 }, async (page) => {
        await openForm(ctx, page, 'login', { lang: 'en' });
        const en = await htmlLang(page);
        const enText = await visibleText(page);
        expectThat(en.startsWith('en'), `lang=en: <html lang="${en}">`);
        await openForm(ctx, page, 'login', { lang: other });
        const ot = await htmlLang(page);
        expectThat(ot.startsWith(other), `lang=${other}: <html lang="${ot}">`);
        expectThat((await visibleText(page)) !== enText, `lang=${other}: the text is the same as in English`);
        await openForm(ctx, page, 'login', { lang: 'xx' });
        const xx = await htmlLang(page);
        expectThat(xx.startsWith(fallback), `lang=xx: <html lang="${xx}">, expected the broker default ${fallback}`);
        return passed(`en → ${en}; ${other} → ${ot} (translated); xx → ${xx}`);
      });
    },
  },
  {
    id: '6.2.4',
    title: 'theme=light, then theme=dark',
    mandatory: false,
    async run(ctx) {
      return withPage(ctx, { width: 1280, height: 800 }, async (page) => {
        await openForm(ctx, page, 'login', { theme: 'light' });
        const light = await backgroundLuminance(page);
        await openForm(ctx, page, 'login', { theme: 'dark' });
        const dark = await backgroundLuminance(page);
        expectThat(light > 0.5, `theme=light: background luminance ${light.toFixed(2)}, not a light UI`);
        expectThat(dark < 0.2, `theme=dark: background luminance ${dark.toFixed(2)}, not a dark UI`);
        return passed(`background luminance light ${light.toFixed(2)}, dark ${dark.toFixed(2)}`);
      });
    },
  },
  {
    id: '6.2.5',
    title: 'firstLogin=true → signup first; false → login first',
    mandatory: false,
    async run(ctx) {
      return withPage(ctx, { width: 1280, height: 800 }, async (page) => {
        await ctx.screens.open(page, ctx.screens.loginUrl({ firstLogin: 'true' }));
        expectThat(await ctx.screens.isSignupForm(page), 'firstLogin=true: no signup form');
        await ctx.screens.open(page, ctx.screens.loginUrl({ firstLogin: 'false' }));
        expectThat(await ctx.screens.isLoginForm(page), 'firstLogin=false: no login form');
        const offer = await page.locator('select:visible').count();
        expectThat(offer === 0, 'firstLogin=false: the login screen offers account choices (first-account offer)');
        return passed('true → signup form; false → login form, no account offer');
      });
    },
  },
  {
    id: '6.2.6',
    title: 'lang and theme together',
    mandatory: false,
    async run(ctx) {
      const other = ctx.options.otherLang ?? 'es';
      return withPage(ctx, { width: 1280, height: 800 }, async (page) => {
        await openForm(ctx, page, 'login', { lang: other, theme: 'dark' });
        const lang = await htmlLang(page);
        const dark = await backgroundLuminance(page);
        expectThat(lang.startsWith(other) && dark < 0.2, `lang=${other}&theme=dark: <html lang="${lang}">, luminance ${dark.toFixed(2)}`);
        return passed(`lang=${other}&theme=dark → ${lang}, luminance ${dark.toFixed(2)}`);
      });
    },
  },
  {
    id: '6.2.7',
    title: 'the login screen has a clickable "Reset password"',
    mandatory: true,
    async run(ctx) {
      return withPage(ctx, { width: 320, height: 640 }, async (page) => {
        await openForm(ctx, page, 'login');
        const link = await ctx.screens.resetLink(page);
        expectThat(link, 'no visible reset-password link on the login screen');
        const href = (await link.getAttribute('href')) ?? '';
        expectThat(href && !href.startsWith('#') && !/^javascript:/i.test(href), `the reset link has no target (href="${href}")`);
        expectThat(await link.isEnabled(), 'the reset link is not clickable');
        return passed(`"${((await link.textContent()) ?? '').trim()}" → ${new URL(href, page.url()).pathname}`);
      });
    },
  },
];
