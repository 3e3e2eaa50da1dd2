import { randomBytes } from 'node:crypto';
import { Browser } from 'playwright-core';
import { AppCallResult, CtraderAppClient } from '../simulator/app/ctrader-app-client';
import { CheckFailure } from './check-result';
import { runHook } from './hook-runner';
import { KitOptions } from './kit-options';
import { ScreenDriver, SuccessLanding } from './screen-driver';

/** A trader the kit uses: given on the command line, or signed up by the kit itself. */
export interface KitUser {
  email: string;
  password: string;
  /** True when the kit created it (the kit may then change its password, 6.3.9). */
  own: boolean;
  userId?: number;
  accessToken?: string;
  inappToken?: string;
  /** Trading account number (`login`), when known. */
  account?: string;
}

/**
 * What every check shares: the options, one Chromium, the simulated cTrader app (4.x client) and the users the
 * kit made. Users are created lazily, so a run limited with --only signs up no more than it needs.
 */
export class KitContext {
  readonly app: CtraderAppClient;
  readonly screens: ScreenDriver;
  readonly timeoutMs: number;
  private primary: Promise<KitUser> | null = null;
  private secondary: Promise<KitUser> | null = null;
  private readonly runId = randomBytes(4).toString('hex');
  private counter = 0;

  constructor(
    readonly options: KitOptions,
    readonly browser: Browser,
  ) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.app = this.appClient(options.password);
    this.screens = new ScreenDriver(browser, { ...options, timeoutMs: this.timeoutMs, emailText: (email, wanted) => this.emailTo(email, wanted) });
  }

  /**
   * The text of the newest email to `email` that `wanted` accepts (waiting up to the step timeout for it): the
   * broker's hook, or this project's admin outbox; '' when none came, null when the kit can read no mail.
   */
  async emailTo(email: string, wanted: (text: string) => boolean = () => true): Promise<string | null> {
    // The newest email may be an earlier one (signup code, welcome) until the one asked for is written: wait for it.
    const usable = (text: string | undefined) => (text && wanted(text) ? text : undefined);
    if (this.options.emailHook)
      return this.waitFor(async () => usable((await this.hook('emailHook', { CONFORMANCE_EMAIL: email })).trim())).then((t) => t ?? '');
    if (this.options.adminKey) {
      const found = await this.waitFor(async () => {
        // reveal=true: the outbox shows single-use links and codes redacted unless a write key asks (demo outbox only).
        const outbox = `/admin/brokers/${encodeURIComponent(this.options.brokerName)}/email-outbox`;
        const res = await this.admin<unknown>('GET', `${outbox}?to=${encodeURIComponent(email)}&reveal=true`);
        if (res.status !== 200) throw new CheckFailure(`GET ${outbox} answered ${res.status}`);
        const list = (Array.isArray(res.body) ? res.body : ((res.body as { items?: unknown[] })?.items ?? [])) as Record<string, unknown>[];
        const mine = list.filter((m) => JSON.stringify(m).includes(email));
        // Newest first (this project's outbox API order).
        return mine.length ? usable(JSON.stringify(mine[0])) : undefined;
      });
      return found ?? '';
    }
    return null;
  }

  private async waitFor<T>(probe: () => Promise<T | undefined>): Promise<T | undefined> {
    const until = performance.now() + this.timeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== undefined || performance.now() > until) return found;
      await sleep(250);
    }
  }

  /** A separate simulated-cTrader client (its own crmApiToken), e.g. one holding a wrong password. */
  appClient(password: string): CtraderAppClient {
    return new CtraderAppClient({
      baseUrl: this.options.baseUrl,
      brokerName: this.options.brokerName,
      brokerCrmName: this.options.brokerCrmName,
      password,
      timeoutMs: this.timeoutMs,
      // The kit tests the broker's own 403s: no silent re-authentication.
      reauthenticateOnAuthFailure: false,
    });
  }

  /** A 4.x call with a crmApiToken of the kit's choosing (an invalid one, for the 403 parts of 6.1.2–6.1.4). */
  async rawCall(path: string, query: Record<string, string>, body?: unknown): Promise<AppCallResult> {
    const q = new URLSearchParams({ brokerName: this.options.brokerName, brokerCrmName: this.options.brokerCrmName, ...query });
    const res = await fetch(`${this.options.baseUrl}${path}?${q.toString()}`, {
      method: 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed };
  }

  /** A fresh address for a user the kit signs up; unique per run so the kit can run again and again. */
  freshEmail(tag: string): string {
    return `conformance+${tag}-${this.runId}-${++this.counter}@example.com`;
  }

  /** Signs up a brand-new user; returns it with the (not yet exchanged) success landing. */
  async signUp(tag: string, params: Record<string, string | undefined> = {}): Promise<{ user: KitUser; landing: SuccessLanding }> {
    const user: KitUser = { email: this.freshEmail(tag), password: `Kit-${randomBytes(6).toString('hex')}-Pw1`, own: true };
    const landing = await this.screens.signup(user.email, user.password, params);
    return { user, landing };
  }

  /** Logs `user` in (fresh profile, Keep me logged in) and exchanges the OT token via 4.2, filling in its ids. */
  async loginAndExchange(user: KitUser): Promise<KitUser> {
    const landing = await this.screens.login(user.email, user.password);
    return this.exchangeFor(user, landing.token);
  }

  async exchangeFor(user: KitUser, token: string): Promise<KitUser> {
    const res = await this.app.exchange(token);
    const body = (res.body ?? {}) as Record<string, unknown>;
    if (res.status !== 200 || typeof body.userId !== 'number') throw new CheckFailure(`4.2 for ${user.email} answered ${res.status} ${codeOf(res)}`);
    user.userId = body.userId;
    if (typeof body.accessToken === 'string') user.accessToken = body.accessToken;
    if (typeof body.inappToken === 'string') user.inappToken = body.inappToken;
    user.account ??= await this.accountOf(user.userId);
    return user;
  }

  /** The user the checks share: --user, or one the kit signs up (once). */
  userA(): Promise<KitUser> {
    this.primary ??= (async () => {
      if (this.options.user) {
        return this.loginAndExchange({ ...this.options.user, own: false });
      }
      const { user, landing } = await this.signUp('a');
      return this.exchangeFor(user, landing.token);
    })();
    return this.primary;
  }

  /** A second user, always signed up by the kit (6.1.6). */
  userB(): Promise<KitUser> {
    this.secondary ??= (async () => {
      const { user, landing } = await this.signUp('b');
      return this.exchangeFor(user, landing.token);
    })();
    return this.secondary;
  }

  get hasSimulator(): boolean {
    return !!this.options.simulatorUrl;
  }

  /** GET on the simulator's read-back (/__sim/…). */
  async sim<T = any>(path: string): Promise<T> {
    if (!this.options.simulatorUrl) throw new Error('no --simulator-url');
    const res = await fetch(`${this.options.simulatorUrl}${path}`, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new CheckFailure(`simulator ${path} answered ${res.status}`);
    return (await res.json()) as T;
  }

  /** The user's (newest) trading account number, from --account or the simulator's links (3.4). */
  async accountOf(userId: number): Promise<string | undefined> {
    if (!this.hasSimulator) return undefined;
    const { accounts } = await this.sim<{ accounts: { userId: number; traderLogin: number }[] }>('/__sim/accounts');
    const mine = accounts.filter((a) => a.userId === userId);
    return mine.length ? String(mine[mine.length - 1].traderLogin) : undefined;
  }

  /** Our own server's admin API, used as the built-in hook when --admin-key is given. */
  async admin<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.options.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.options.adminKey ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T };
  }

  hook(name: 'expiryHook' | 'approvePaymentHook' | 'emailHook', vars: Record<string, string>): Promise<string> {
    const hook = this.options[name];
    if (!hook) throw new Error(`no ${name}`);
    return runHook(hook, vars, Math.max(this.timeoutMs, 30_000));
  }
}

/** The contract error code of an answer, or its status, for evidence. */
export function codeOf(res: AppCallResult): string {
  const code = (res.body as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

export function has(res: AppCallResult, field: string): boolean {
  return !!res.body && typeof res.body === 'object' && field in res.body;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
