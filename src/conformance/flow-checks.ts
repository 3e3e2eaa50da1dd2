import { kitLastName } from './screen-driver';
import { Page, Route } from 'playwright-core';
import { CheckDefinition } from './check-definition';
import { CheckOutcome, expectThat, manual, passed, VerdictPart } from './check-result';
import { codeOf, KitContext, KitUser, sleep } from './kit-context';
import { redact, tokenOf } from './screen-driver';

const part = (suffix: string, title: string, outcome: CheckOutcome, evidence: string): VerdictPart => ({ suffix, title, outcome, evidence });
const NO_SIM = 'needs --simulator-url (what the server sent to cTrader is visible only there)';

interface SimUser {
  userId: number;
  email: string;
}
interface SimAccount {
  userId: number;
  traderLogin: number;
  environmentName: string;
  ctidTraderAccountId: number;
}
interface SimBalanceChange {
  balanceHistoryId: number;
  type: string;
  delta: string;
  externalId?: string;
}

async function withPage<T>(ctx: KitContext, run: (page: Page) => Promise<T>, viewport?: { width: number; height: number }): Promise<T> {
  const page = await ctx.screens.newPage(viewport);
  try {
    return await run(page);
  } finally {
    await page.context().close();
  }
}

/** 4.2 then 4.3 for a fresh OT token: the userId both return. */
async function exchangeThenValidate(ctx: KitContext, token: string): Promise<number> {
  const ex = await ctx.app.exchange(token);
  const body = (ex.body ?? {}) as { userId?: number; accessToken?: string };
  expectThat(ex.status === 200 && typeof body.userId === 'number', `4.2: ${ex.status} ${codeOf(ex)}`);
  expectThat(typeof body.accessToken === 'string', '4.2 gave no accessToken although "Keep me logged in" was ticked');
  const re = await ctx.app.validate(body.accessToken);
  const again = (re.body as { userId?: number } | null)?.userId;
  expectThat(re.status === 200 && again === body.userId, `4.3 on reopen: ${re.status} userId ${again}, expected ${body.userId}`);
  return body.userId;
}

/** Logs into the client area with the generic login form; fails if the form is still there afterwards. */
async function clientLogin(ctx: KitContext, page: Page, user: KitUser): Promise<void> {
  await ctx.screens.open(page, ctx.screens.url(ctx.options.clientLoginUrl ?? '/client/login'));
  expectThat(await ctx.screens.isLoginForm(page), `no login form at ${redact(page.url())}`);
  await ctx.screens.submitLogin(page, user.email, user.password, false);
  expectThat(!(await ctx.screens.isLoginForm(page)), `client-area login as ${user.email} failed${await ctx.screens.alertText(page)}`);
}

/** An in-app screen opened as the app does: 4.4 for an OT token, then the screen with token (and account). */
async function openInapp(ctx: KitContext, page: Page, user: KitUser, path: string, account?: string): Promise<void> {
  const gen = await ctx.app.generate(user.userId!, user.inappToken);
  const token = (gen.body as { token?: string } | null)?.token;
  expectThat(gen.status === 200 && token, `4.4: ${gen.status} ${codeOf(gen)}`);
  await ctx.screens.open(page, ctx.screens.url(path, { token, account }));
}

/** 6.3.4 / 6.3.5: one money movement through the in-app screen, the broker's approval and 3.5. */
async function inappPayment(ctx: KitContext, kind: 'deposit' | 'withdraw') {
  const type = kind === 'deposit' ? 'DEPOSIT' : 'WITHDRAW';
  // Within usual limits (the demo's minimum is 10.00); the withdrawal is covered by the deposit before it.
  const amount = kind === 'deposit' ? '50' : '20';
  const user = await ctx.userA();
  const account = user.account ?? ctx.options.user?.account;
  if (!account) return manual('the trading account is unknown: give --account (with --user) or --simulator-url');
  const before = ctx.hasSimulator ? await balanceHistory(ctx, account) : [];
  const screen = await withPage(
    ctx,
    async (page) => {
      await openInapp(ctx, page, user, `/inapp/${kind}`, account);
      const amountField = page.locator('input[name*=amount i]:visible, input[id*=amount i]:visible, input[inputmode=decimal]:visible').first();
      expectThat((await amountField.count()) > 0, `the ${kind} screen has no amount field`);
      await ctx.screens.fillForm(page, { amount });
      await amountField.fill(amount);
      await ctx.screens.submitForm(page, amountField);
      const after = await ctx.screens.alertText(page);
      const status = await page.evaluate(() => (globalThis as any).document.title as string);
      expectThat(!/error|invalid|failed|expired/i.test(after), `the ${kind} screen answered${after}`);
      return `submitted ${amount} → "${status}"${after}`;
    },
    { width: 320, height: 640 },
  );
  const parts: VerdictPart[] = [];
  const vars = {
    CONFORMANCE_TYPE: type,
    CONFORMANCE_AMOUNT: amount,
    CONFORMANCE_ACCOUNT: account,
    CONFORMANCE_USER_ID: String(user.userId),
    CONFORMANCE_EMAIL: user.email,
  };
  if (ctx.options.approvePaymentHook) {
    await ctx.hook('approvePaymentHook', vars);
    parts.push(part('approval', 'the broker approves the payment', 'passed', 'approved through --approve-payment-hook'));
  } else if (ctx.options.adminKey) {
    parts.push(await approveThroughAdminApi(ctx, account, type));
  } else {
    parts.push(part('approval', 'the broker approves the payment', 'manual', "needs --approve-payment-hook (or --admin-key on this project's server)"));
  }
  if (!ctx.hasSimulator) {
    parts.push(part('cTrader', `3.5 changebalance ${type} → balanceHistoryId`, 'manual', NO_SIM));
  } else if (parts[0].outcome === 'passed') {
    const entry = await waitFor(ctx, async () =>
      (await balanceHistory(ctx, account)).find((e) => e.type === type && !before.some((b) => b.balanceHistoryId === e.balanceHistoryId)),
    );
    parts.push(
      entry
        ? part(
            'cTrader',
            `3.5 changebalance ${type} → balanceHistoryId`,
            'passed',
            `balanceHistoryId ${entry.balanceHistoryId}, ${entry.delta}${entry.externalId ? `, externalId ${entry.externalId}` : ''}`,
          )
        : part('cTrader', `3.5 changebalance ${type} → balanceHistoryId`, 'failed', `no new ${type} on account ${account} within ${ctx.timeoutMs} ms`),
    );
  } else {
    parts.push(part('cTrader', `3.5 changebalance ${type} → balanceHistoryId`, 'manual', 'the payment was not approved by the kit'));
  }
  return passed(`4.4 → /inapp/${kind} with the OT token; ${screen}`, parts);
}

/** The built-in hook for this project's own server: approve the newest pending payment of that account. */
async function approveThroughAdminApi(ctx: KitContext, account: string, type: string): Promise<VerdictPart> {
  const title = 'the broker approves the payment';
  const query = new URLSearchParams({ state: 'pending', login: account });
  const payments = `/admin/brokers/${encodeURIComponent(ctx.options.brokerName)}/payments`;
  const list = await ctx.admin<{ id: string; state: string; provider?: string }[]>('GET', `${payments}?${query.toString()}`);
  if (list.status !== 200 || !Array.isArray(list.body)) return part('approval', title, 'failed', `GET ${payments} answered ${list.status}`);
  // Newest first.
  const pending = list.body[0];
  if (!pending) return part('approval', title, 'failed', `no pending payment for account ${account} in ${payments}`);
  const res = await ctx.admin('POST', `${payments}/${encodeURIComponent(pending.id)}/approve`, {});
  return res.status < 300
    ? part('approval', title, 'passed', `${type} ${pending.id} (${pending.provider ?? 'provider ?'}) approved through the admin API`)
    : part('approval', title, 'failed', `POST ${payments}/${pending.id}/approve answered ${res.status}`);
}

async function balanceHistory(ctx: KitContext, account: string): Promise<SimBalanceChange[]> {
  return (await ctx.sim<{ balanceHistory: SimBalanceChange[] }>(`/__sim/traders/${account}/balance-history`)).balanceHistory;
}

async function waitFor<T>(ctx: KitContext, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const until = performance.now() + ctx.timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined || performance.now() > until) return found;
    await sleep(250);
  }
}

/** 6.3: the flows, end to end, in Chromium with the kit as the cTrader app. */
export const FLOW_CHECKS: CheckDefinition[] = [
  {
    id: '6.3.1',
    title: 'new user signs up; app closes and reopens',
    mandatory: true,
    async run(ctx) {
      const { user, landing } = await ctx.signUp('signup');
      const userId = await exchangeThenValidate(ctx, landing.token);
      const evidence = `signup → success URL ${redact(landing.url)} → 4.2 userId ${userId} + accessToken → 4.3 userId ${userId}`;
      if (!ctx.hasSimulator) return passed(evidence, [part('cTrader', '3.2 → 3.3 (live) → 3.4 happened', 'manual', NO_SIM)]);
      const { users } = await ctx.sim<{ users: SimUser[] }>('/__sim/users');
      const simUser = users.find((u) => u.email === user.email);
      const { accounts } = await ctx.sim<{ accounts: SimAccount[] }>('/__sim/accounts');
      const linked = accounts.filter((a) => a.userId === userId);
      const ok = simUser?.userId === userId && linked.length === 1 && linked[0].environmentName === 'live';
      return passed(evidence, [
        part(
          'cTrader',
          '3.2 → 3.3 (live) → 3.4 happened',
          ok ? 'passed' : 'failed',
          `cTID ${simUser?.userId ?? 'missing'}; linked accounts ${linked.map((a) => `${a.traderLogin} (${a.environmentName})`).join(', ') || 'none'}`,
        ),
      ]);
    },
  },
  {
    id: '6.3.2',
    title: 'existing user logs in; app closes and reopens',
    mandatory: true,
    async run(ctx) {
      const user = await ctx.userA();
      const landing = await ctx.screens.login(user.email, user.password);
      const userId = await exchangeThenValidate(ctx, landing.token);
      expectThat(userId === user.userId, `4.2/4.3 gave userId ${userId}, expected ${user.userId}`);
      return passed(`login → OT on ${redact(landing.url)} → 4.2 and 4.3 userId ${userId}`);
    },
  },
  {
    id: '6.3.3',
    title: "user A becomes a partner; user B signs up with A's partnerId",
    mandatory: true,
    async run(ctx) {
      const { user: a, landing } = await ctx.signUp('partner');
      await ctx.exchangeFor(a, landing.token);
      const partnerPage = ctx.screens.url(ctx.options.partnerUrl ?? '/client/partner');
      const partnerId = await withPage(ctx, async (page) => {
        await clientLogin(ctx, page, a);
        await ctx.screens.open(page, partnerPage);
        const become = page.locator('form:visible button:visible, a:visible').filter({ hasText: /become a partner|join|register as (a )?partner/i });
        if (await become.count()) {
          await ctx.screens.follow(page, become.first());
        }
        const match = (await page.content()).match(/partnerId=([A-Za-z0-9_.~-]+)/);
        expectThat(match, 'the partner area shows no referral link with a partnerId');
        return match[1];
      });
      const { user: b, landing: bLanding } = await ctx.signUp('referred', { partnerId });
      await ctx.exchangeFor(b, bLanding.token);
      const listed = await withPage(ctx, async (page) => {
        await clientLogin(ctx, page, a);
        await ctx.screens.open(page, partnerPage);
        // Listed by email, by name (the kit gives each user its own last name) or by trading account.
        const text = await page.locator('body').innerText();
        return text.includes(b.email) || text.includes(kitLastName(b.email)) || (b.account !== undefined && text.includes(b.account));
      });
      expectThat(listed, `B (${b.email}) is not among A's attributed traders`);
      const evidence = `partnerId ${partnerId}; B (userId ${b.userId}) listed in A's partner area`;
      if (!ctx.hasSimulator) return passed(evidence, [part('cTrader', "B's referral carries A's partnerId (3.6), introducingBroker1", 'manual', NO_SIM)]);
      // 3.6 runs as a durable job on the broker's side: wait for it to land.
      const ref = await waitFor(ctx, async () => {
        const { referrals } = await ctx.sim<{ referrals: { userId: number; partnerId: string | number }[] }>('/__sim/referrals');
        return referrals.find((r) => r.userId === a.userId && String(r.partnerId) === partnerId);
      });
      return passed(evidence, [
        part(
          'cTrader',
          "A's cTID carries A's partnerId (3.6)",
          ref ? 'passed' : 'failed',
          ref ? `3.6 partnerId ${ref.partnerId} on userId ${a.userId}` : `no referral ${partnerId} for userId ${a.userId}`,
        ),
      ]);
    },
  },
  {
    id: '6.3.4',
    title: 'deposit from the app: 4.4 → screen → submit → 3.5',
    mandatory: true,
    run: (ctx) => inappPayment(ctx, 'deposit'),
  },
  {
    id: '6.3.5',
    title: 'withdrawal from the app: as 6.3.4 with WITHDRAW',
    mandatory: true,
    run: (ctx) => inappPayment(ctx, 'withdraw'),
  },
  {
    id: '6.3.6',
    title: 'open a new trading account from the app',
    mandatory: true,
    async run(ctx) {
      const user = await ctx.userA();
      const before = ctx.hasSimulator
        ? (await ctx.sim<{ accounts: SimAccount[] }>('/__sim/accounts')).accounts.filter((x) => x.userId === user.userId).length
        : 0;
      const landing = await withPage(ctx, async (page) => {
        await openInapp(ctx, page, user, '/account/create');
        await ctx.screens.fillForm(page, {});
        const submit = page.locator('form:visible button[type=submit]:visible, form:visible input[type=submit]:visible').first();
        expectThat((await submit.count()) > 0, 'the account screen has no form');
        const done = await ctx.screens.submitForm(page, submit);
        const text = await ctx.screens.alertText(page);
        expectThat(done || !/error|invalid|failed|expired/i.test(text), `the account screen answered${text}`);
        return done ? `success URL ${redact(done.url)}` : `result page${text}`;
      });
      if (!ctx.hasSimulator)
        return passed(`4.4 → /account/create → ${landing}`, [part('cTrader', '3.3 then 3.4; the app switches to the new account', 'manual', NO_SIM)]);
      const after = (await ctx.sim<{ accounts: SimAccount[] }>('/__sim/accounts')).accounts.filter((x) => x.userId === user.userId);
      const added = after.length === before + 1;
      return passed(`4.4 → /account/create → ${landing}`, [
        part(
          'cTrader',
          '3.3 then 3.4: a new linked account',
          added ? 'passed' : 'failed',
          `linked accounts ${before} → ${after.length}${added ? ` (new ${after[after.length - 1].traderLogin})` : ''}`,
        ),
      ]);
    },
  },
  {
    id: '6.3.7',
    title: 'switch between login and signup',
    mandatory: true,
    async run(ctx) {
      return withPage(ctx, async (page) => {
        await ctx.screens.open(page, ctx.screens.loginUrl({ firstLogin: 'false' }));
        expectThat(await ctx.screens.isLoginForm(page), 'no login form');
        const toSignup = await ctx.screens.signupLink(page);
        expectThat(toSignup, 'the login form has no link to signup');
        await ctx.screens.follow(page, toSignup);
        expectThat(await ctx.screens.isSignupForm(page), 'the signup link did not show the signup form');
        const toLogin = await ctx.screens.loginLink(page);
        expectThat(toLogin, 'the signup form has no link to login');
        await ctx.screens.follow(page, toLogin);
        expectThat(await ctx.screens.isLoginForm(page), 'the login link did not show the login form');
        const ids = new URL(page.url()).searchParams.get('brokerName');
        return passed(`login → signup → login${ids ? ` (broker ids carried)` : ''}`);
      });
    },
  },
  {
    id: '6.3.8',
    title: 'open cTrader Web from the client area; the user arrives authorised',
    mandatory: true,
    async run(ctx) {
      const user = await ctx.userA();
      const ownOrigin = new URL(ctx.options.baseUrl).origin;
      const token = await withPage(ctx, async (page) => {
        let seen: string | null = null;
        // The kit is cTrader here: the token meant for cTrader Web is caught on its way and exchanged by the kit.
        await page.context().route('**/*', (route: Route) => {
          const url = route.request().url();
          // Every token-bearing request to cTrader Web is answered by the kit (also when the request listener below
          // saw it first): cTrader Web itself must not spend the token the kit is about to exchange.
          if (new URL(url).origin !== ownOrigin && tokenOf(url)) {
            seen ??= url;
            return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>cTrader Web (conformance kit)</title>' });
          }
          return route.continue();
        });
        await clientLogin(ctx, page, user);
        await ctx.screens.open(page, ctx.screens.url('/client'));
        // A request that is a redirect hop (a POST answered 303 to cTrader Web) is not routed by Playwright, so it
        // is also watched here; links are tried before buttons (an embedding page's iframe request is routed).
        page.context().on('request', (request) => {
          const url = request.url();
          if (!seen && new URL(url).origin !== ownOrigin && tokenOf(url)) seen = url;
        });
        const links = page.locator('a:visible').filter({ hasText: /ctrader\s*web/i });
        const buttons = page.locator('button:visible').filter({ hasText: /ctrader\s*web/i });
        const link = (await links.count()) > 0 ? links : buttons;
        expectThat((await link.count()) > 0, 'the client area has no visible way to open cTrader Web');
        await link.first().click();
        const caught = await waitFor(ctx, async () => seen ?? undefined);
        expectThat(caught, 'opening cTrader Web sent no one-time token to cTrader Web');
        return tokenOf(caught)!;
      });
      const ex = await ctx.app.exchange(token);
      const userId = (ex.body as { userId?: number } | null)?.userId;
      expectThat(ex.status === 200 && userId === user.userId, `4.2 of the cTrader Web token: ${ex.status} ${codeOf(ex)} userId ${userId}`);
      return passed(`client area → cTrader Web with an OT token → 4.2 userId ${userId}`);
    },
  },
  {
    id: '6.3.9',
    title: 'reset password from the login screen',
    mandatory: true,
    async run(ctx) {
      if (!ctx.options.emailHook && !ctx.options.adminKey) return manual("reading the email needs --email-hook (or --admin-key on this project's server)");
      const { user, landing } = await ctx.signUp('reset');
      await ctx.exchangeFor(user, landing.token);
      await withPage(ctx, async (page) => {
        await ctx.screens.open(page, ctx.screens.loginUrl({ firstLogin: 'false' }));
        const link = await ctx.screens.resetLink(page);
        expectThat(link, 'no reset link');
        await ctx.screens.follow(page, link);
        const email = page.locator('input[type=email]:visible, input[name*=email i]:visible').first();
        expectThat((await email.count()) > 0, `the reset screen (${redact(page.url())}) asks for no email${await ctx.screens.alertText(page)}`);
        await email.fill(user.email);
        await ctx.screens.submitForm(page, email);
      });
      const resetLinkIn = (text: string) => (text.match(/https?:\/\/[^\s"'<>\\]+/g) ?? []).some((u) => /reset|password|confirm|[?&]t=/i.test(u));
      const mail = await ctx.emailTo(user.email, resetLinkIn);
      expectThat(mail, `no email arrived for ${user.email}`);
      const link = (mail.match(/https?:\/\/[^\s"'<>\\]+/g) ?? []).find((u) => /reset|password|confirm|[?&]t=/i.test(u));
      expectThat(link, 'the email has no reset link');
      const newPassword = `${user.password}-new`;
      const arrived = await withPage(ctx, async (page) => {
        await ctx.screens.open(page, link.replace(/&amp;/g, '&'));
        const pw = page.locator('input[type=password]:visible');
        expectThat((await pw.count()) > 0, 'the reset link shows no new-password form');
        for (let i = 0; i < (await pw.count()); i++) await pw.nth(i).fill(newPassword);
        return ctx.screens.submitForm(page, pw.first());
      });
      expectThat(arrived, 'after the reset the user did not end up logged in (no success URL)');
      const ex = await ctx.app.exchange(arrived.token);
      expectThat(ex.status === 200 && (ex.body as { userId?: number }).userId === user.userId, `4.2 after reset: ${ex.status} ${codeOf(ex)}`);
      const again = await ctx.screens.login(user.email, newPassword);
      expectThat(again.token, 'the new password does not log in');
      return passed('email arrived; link works; logged in after reset (4.2 ok); the new password logs in');
    },
  },
];
