import { Browser, Locator, Page, Response } from 'playwright-core';
import { CheckFailure } from './check-result';

export interface ScreenDriverOptions {
  baseUrl: string;
  brokerName: string;
  brokerCrmName: string;
  loginUrl?: string;
  successUrl?: string;
  timeoutMs: number;
  /** The newest email to an address (for a signup's email code); null when the kit cannot read mail. */
  emailText?: (email: string, wanted: (text: string) => boolean) => Promise<string | null>;
}

/** What a login or signup ended with: the success URL the app would have seen, and the OT token on it. */
export interface SuccessLanding {
  url: string;
  token: string;
}

const EMAIL_INPUT = 'input[type=email]:visible, input[name*=email i]:visible, input[id*=email i]:visible, input[autocomplete=username]:visible';
const PASSWORD_INPUT = 'input[type=password]:visible';
const SIGNUP_ONLY = [
  'input[autocomplete=given-name]:visible',
  'input[autocomplete=family-name]:visible',
  'input[autocomplete=new-password]:visible',
  'input[name*=firstname i]:visible',
  'input[id*=firstname i]:visible',
  'input[name*=lastname i]:visible',
].join(', ');

/**
 * Drives any broker's screens the way a person would, without knowing its markup: forms are found by input
 * types, autocomplete hints and link texts (with this project's ids tried first). Everything here is generic on
 * purpose — the kit must work against another CRM's login screen as well as ours.
 */
export class ScreenDriver {
  constructor(
    private readonly browser: Browser,
    private readonly options: ScreenDriverOptions,
  ) {}

  /** A fresh context = a fresh, private browser profile (no cookies), as 6.1.5 asks. */
  async newPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await this.browser.newContext({ viewport });
    context.setDefaultTimeout(this.options.timeoutMs);
    context.setDefaultNavigationTimeout(this.options.timeoutMs);
    return context.newPage();
  }

  /** `path` relative to the base URL (or absolute), with the broker ids and `params` in the query. */
  url(path: string, params: Record<string, string | undefined> = {}): string {
    const url = new URL(/^https?:/i.test(path) ? path : `${this.options.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`);
    url.searchParams.set('brokerName', this.options.brokerName);
    url.searchParams.set('brokerCrmName', this.options.brokerCrmName);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    return url.toString();
  }

  loginUrl(params: Record<string, string | undefined> = {}): string {
    return this.url(this.options.loginUrl ?? '/auth/login', params);
  }

  /** Opens a page and fails on an HTTP error, returning the status and how long the page took to load. */
  async open(page: Page, url: string): Promise<{ status: number; loadMs: number }> {
    const started = performance.now();
    const response = await page.goto(url, { waitUntil: 'load' });
    const loadMs = Math.round(performance.now() - started);
    const status = response?.status() ?? 0;
    if (status >= 400) throw new CheckFailure(`${redact(url)} answered ${status}${await this.alertText(page)}`);
    return { status, loadMs };
  }

  /** Clicks a link or button that loads a new document; fails on an HTTP error there. */
  async follow(page: Page, target: Locator): Promise<number> {
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
    const status = response?.status() ?? 0;
    if (status >= 400) throw new CheckFailure(`${redact(page.url())} answered ${status}${await this.alertText(page)}`);
    return status;
  }

  isSuccessUrl(url: string): boolean {
    if (this.options.successUrl) return url.startsWith(this.options.successUrl) && tokenOf(url) !== null;
    const parsed = safeUrl(url);
    if (!parsed || tokenOf(url) === null) return false;
    const loginPath = new URL(this.loginUrl()).pathname;
    return parsed.pathname !== loginPath && !/\/inapp\//.test(parsed.pathname);
  }

  async isSignupForm(page: Page): Promise<boolean> {
    return (await page.locator(PASSWORD_INPUT).count()) > 0 && (await page.locator(SIGNUP_ONLY).count()) > 0;
  }

  async isLoginForm(page: Page): Promise<boolean> {
    return (await page.locator(PASSWORD_INPUT).count()) > 0 && (await page.locator(EMAIL_INPUT).count()) > 0 && !(await this.isSignupForm(page));
  }

  /** The visible "Reset password" link, or null (6.2.7). */
  async resetLink(page: Page): Promise<Locator | null> {
    return firstVisible([
      page.locator('a#reset-password-link:visible'),
      page.locator('a[href*="reset" i]:visible, a[href*="forgot" i]:visible, a[href*="recover" i]:visible'),
      page.locator('a:visible').filter({ hasText: /reset|forgot|recover/i }),
    ]);
  }

  /** The login form's link to signup (6.3.7). */
  async signupLink(page: Page): Promise<Locator | null> {
    return firstVisible([
      page.locator('a#switch-to-signup:visible'),
      page.locator('a[href*="firstLogin=true"]:visible'),
      page.locator('a:visible').filter({ hasText: /sign\s*up|register|create (an |your )?account|open (an )?account/i }),
    ]);
  }

  /** The signup form's link to login (6.3.7). */
  async loginLink(page: Page): Promise<Locator | null> {
    return firstVisible([
      page.locator('a#switch-to-login:visible'),
      page.locator('a[href*="firstLogin=false"]:visible'),
      page.locator('a:visible').filter({ hasText: /log\s*in|sign\s*in/i }),
    ]);
  }

  /** Logs in through the login screen in a fresh profile and returns the success landing (the OT token). */
  async login(email: string, password: string, opts: { keepLoggedIn?: boolean; page?: Page; url?: string } = {}): Promise<SuccessLanding> {
    return this.politely(() => this.loginOnce(email, password, opts));
  }

  /**
   * Brokers throttle their login forms (spec 2.1) and the kit logs in a dozen times in a row: on a 429 it waits
   * the Retry-After, as a person would, and tries again (twice at most), instead of reporting a failure.
   */
  private async politely<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 0; ; tries++) {
      try {
        return await attempt();
      } catch (e) {
        if (!(e instanceof Throttled) || tries >= 2) throw e instanceof Throttled ? new CheckFailure('the screen kept answering 429 (throttled)') : e;
        await new Promise((resolve) => setTimeout(resolve, Math.min(e.retryAfterSeconds, 65) * 1000));
      }
    }
  }

  private async loginOnce(email: string, password: string, opts: { keepLoggedIn?: boolean; page?: Page; url?: string }): Promise<SuccessLanding> {
    const page = opts.page ?? (await this.newPage());
    try {
      await this.open(page, opts.url ?? this.loginUrl({ firstLogin: 'false' }));
      if (await this.isSignupForm(page)) {
        const link = await this.loginLink(page);
        if (!link) throw new CheckFailure('the login screen shows a signup form without a link to log in');
        await link.click();
        await page.waitForLoadState('load');
      }
      const landing = await this.submitLogin(page, email, password, opts.keepLoggedIn ?? true);
      if (!landing) throw new CheckFailure(`login as ${email} did not reach a success URL (ended on ${redact(page.url())}${await this.alertText(page)})`);
      return landing;
    } finally {
      if (!opts.page) await page.context().close();
    }
  }

  /** Fills and submits the login form on the current page; null when no success URL was reached. */
  async submitLogin(page: Page, email: string, password: string, keepLoggedIn: boolean): Promise<SuccessLanding | null> {
    await page.locator(EMAIL_INPUT).first().fill(email);
    const pw = page.locator(PASSWORD_INPUT).first();
    await pw.fill(password);
    if (keepLoggedIn) await this.checkKeepLoggedIn(page);
    return this.submitForm(page, pw);
  }

  /** Signs a new user up in a fresh profile, through every following form (open account …) to the success URL. */
  async signup(email: string, password: string, params: Record<string, string | undefined> = {}): Promise<SuccessLanding> {
    return this.politely(() => this.signupOnce(email, password, params));
  }

  private async signupOnce(email: string, password: string, params: Record<string, string | undefined>): Promise<SuccessLanding> {
    const page = await this.newPage();
    try {
      await this.open(page, this.loginUrl({ firstLogin: 'true', ...params }));
      if (!(await this.isSignupForm(page))) {
        const link = await this.signupLink(page);
        if (!link) throw new CheckFailure('firstLogin=true showed no signup form and no link to one');
        await link.click();
        await page.waitForLoadState('load');
      }
      await this.fillForm(page, { email, password });
      await this.checkKeepLoggedIn(page);
      let landing = await this.submitForm(page, page.locator(PASSWORD_INPUT).first());
      // Following steps (an emailed code, open a trading account, agreements …): fill with the first offered choices.
      for (let step = 0; !landing && step < 5; step++) {
        const codeField = page.locator('form:visible input[autocomplete="one-time-code"]:visible');
        if ((await codeField.count()) > 0) {
          await codeField.first().fill(await this.emailedCode(email));
          landing = await this.submitForm(page, codeField.first());
          continue;
        }
        const submit = page.locator(
          'form:visible button[type=submit]:visible, form:visible input[type=submit]:visible, form:visible button:not([type]):visible',
        );
        if ((await submit.count()) === 0 || (await page.locator(PASSWORD_INPUT).count()) > 0) break;
        await this.fillForm(page, { email, password });
        landing = await this.submitForm(page, submit.first());
      }
      if (!landing) throw new CheckFailure(`signup of ${email} did not reach a success URL (ended on ${redact(page.url())}${await this.alertText(page)})`);
      return landing;
    } finally {
      await page.context().close();
    }
  }

  /** The one-time code of the newest email to `email` (a signup's proof of email ownership). */
  private async emailedCode(email: string): Promise<string> {
    // The code stands on a line (or in an element) of its own, in a plain body or one quoted inside JSON.
    const CODE = /(?:^|\n|\\n|>)\s*(\d{6})\s*(?:$|\n|\\n|<)/;
    const text = this.options.emailText ? await this.options.emailText(email, (t) => CODE.test(t)) : null;
    if (text === null) throw new CheckFailure(`signup of ${email} asks for an emailed code: give the kit --email-hook or --admin-key to read it`);
    const code = CODE.exec(text)?.[1];
    if (!code) throw new CheckFailure(`no 6-digit code in the newest email to ${email}`);
    return code;
  }

  /** Fills every visible field of the forms on the page with plausible values; leaves filled ones alone. */
  async fillForm(page: Page, values: { email?: string; password?: string; amount?: string }): Promise<void> {
    const fields = page.locator('form:visible input:visible, form:visible select:visible, form:visible textarea:visible');
    const n = await fields.count();
    for (let i = 0; i < n; i++) {
      const field = fields.nth(i);
      const info = await field.evaluate((el: any) => ({
        tag: el.tagName.toLowerCase(),
        type: (el.getAttribute('type') || 'text').toLowerCase(),
        key: `${el.name || ''} ${el.id || ''} ${el.getAttribute('autocomplete') || ''} ${el.getAttribute('inputmode') || ''}`.toLowerCase(),
        value: el.value,
        checked: !!el.checked,
        options:
          el.tagName === 'SELECT'
            ? Array.from(el.options as any[])
                .map((o: any) => o.value)
                .filter((v: string) => v !== '')
            : [],
      }));
      if (info.tag === 'select') {
        if (!info.value && info.options.length) await field.selectOption(info.options.includes('CY') ? 'CY' : info.options[0]);
        continue;
      }
      if (info.type === 'hidden' || info.type === 'submit' || info.type === 'button' || info.type === 'file') continue;
      if (info.type === 'checkbox') {
        // Agreements and "keep me logged in"; a marketing opt-in is left alone.
        if (!info.checked && !/marketing|newsletter|promo/.test(info.key)) await field.check();
        continue;
      }
      if (info.type === 'radio') {
        if (!info.checked) await field.check();
        continue;
      }
      if (info.value) continue;
      await field.fill(valueFor(info.type, info.key, values));
    }
  }

  /** Main text of the page's alert or heading, for evidence. */
  async alertText(page: Page): Promise<string> {
    const alert = page.locator('[role=alert], .alert, .error, h1');
    if ((await alert.count()) === 0) return '';
    const text = ((await alert.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
    return text ? ` — "${text.slice(0, 120)}"` : '';
  }

  private async checkKeepLoggedIn(page: Page): Promise<void> {
    const box = await firstVisible([
      page.locator('input[type=checkbox]#keepLoggedIn:visible'),
      page.locator('input[type=checkbox][name*=keep i]:visible, input[type=checkbox][name*=remember i]:visible, input[type=checkbox][id*=remember i]:visible'),
    ]);
    if (box && !(await box.isChecked())) await box.check();
  }

  /**
   * Submits the form containing `inside` and waits for the next document. The success URL is recognised from
   * the navigation requests (redirects included), so a success URL on a host the kit cannot load still counts.
   */
  async submitForm(page: Page, inside: Locator): Promise<SuccessLanding | null> {
    let landing: SuccessLanding | null = null;
    let throttled: number | null = null;
    let landed: () => void = () => undefined;
    // A success URL on a host the kit cannot load (cTrader's own) may never fire 'load': seeing the request is enough.
    const successSeen = new Promise<void>((resolve) => (landed = resolve));
    const onRequest = (request: { isNavigationRequest(): boolean; url(): string }) => {
      if (!landing && request.isNavigationRequest() && this.isSuccessUrl(request.url())) {
        landing = { url: request.url(), token: tokenOf(request.url())! };
        landed();
      }
    };
    const onResponse = (response: Response) => {
      if (response.status() === 429 && response.request().isNavigationRequest() && response.frame() === page.mainFrame()) {
        throttled = Number(response.headers()['retry-after'] ?? '') || 60;
      }
    };
    page.on('request', onRequest);
    page.on('response', onResponse);
    try {
      const form = inside.locator('xpath=ancestor-or-self::form');
      const tag = await inside.evaluate((el: any) => el.tagName.toLowerCase());
      const button =
        tag === 'button' || (tag === 'input' && /submit/i.test((await inside.getAttribute('type')) ?? ''))
          ? inside
          : form.locator('button[type=submit], input[type=submit], button:not([type])').first();
      const loaded = page.waitForEvent('load');
      // Once the success URL was seen the page is closed without waiting: that later rejection is expected.
      loaded.catch(() => undefined);
      await Promise.all([Promise.race([loaded, successSeen]), button.click()]);
    } finally {
      page.off('request', onRequest);
      page.off('response', onResponse);
    }
    if (!landing && throttled !== null) throw new Throttled(throttled);
    return landing;
  }
}

/** A form submission answered 429: the caller may wait and retry. */
export class Throttled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`throttled (retry after ${retryAfterSeconds} s)`);
  }
}

/** The first locator that matches something visible. */
export async function firstVisible(candidates: Locator[]): Promise<Locator | null> {
  for (const c of candidates) if ((await c.count()) > 0) return c.first();
  return null;
}

export function tokenOf(url: string): string | null {
  const parsed = safeUrl(url);
  const token = parsed?.searchParams.get('token');
  return token ? token : null;
}

/** URLs for evidence: any token is cut out (evidence ends up in CI logs and JUnit files). */
export function redact(url: string): string {
  return url.replace(/([?&](?:token|code|crmApiToken|accessToken|t)=)[^&#]*/gi, '$1…');
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A last name unique per kit user (from its email), so a partner area listing traders by name can be checked. */
export function kitLastName(email: string | undefined): string {
  const tag = /\+([^@]+)@/.exec(email ?? '')?.[1] ?? '';
  // Letters only: a broker's screens may (ours do) refuse digits in names. Each digit becomes a letter of its own.
  const letters = tag
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(-10)
    .replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]);
  return `Kit ${letters}`.trim();
}

function valueFor(type: string, key: string, values: { email?: string; password?: string; amount?: string }): string {
  if (type === 'email' || /email/.test(key)) return values.email ?? 'conformance@example.com';
  if (type === 'password') return values.password ?? 'Conformance-pass-1';
  if (/amount|decimal/.test(key) || type === 'number') return values.amount ?? '10';
  if (/given|first/.test(key)) return 'Conformance';
  if (/family|last|surname/.test(key)) return kitLastName(values.email);
  if (type === 'tel' || /phone|tel/.test(key)) return '+35722000000';
  if (type === 'date' || /birth|dob/.test(key)) return '1990-01-01';
  if (/nick/.test(key)) return 'conformancekit';
  return 'Conformance';
}
