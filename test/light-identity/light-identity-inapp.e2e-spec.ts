import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { InappTokenRedemption } from '../../src/kernel/screens/inapp-entry/inapp-token-redemption.entity';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { observeDurable } from '../support/durable-events';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { CookieJar } from '../screens/cookie-jar';
import { TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD } from '../support/test-config';
import { accountsOf, createTrader, LI_BROKER, LI_CRM, open, openFollowing, PROBE, startLiStack, usersOf } from './li-test-app';

const C = `brokerName=${LI_BROKER}`;

describe('Light identity: in-app screens opened with a cTrader-issued token (contract §1.5 LI, flows §2.3)', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  let config: AppConfig;
  let ctid = 880_000;

  const events: Array<{ name: string; userId: number; login?: number }> = [];

  beforeAll(async () => {
    ({ t, sim, config } = await startLiStack());
    observeDurable(t.app, 'user.signedUp', (e) => void events.push({ name: 'user.signedUp', userId: e.userId }));
    observeDurable(t.app, 'user.accountCreated', (e) => void events.push({ name: 'user.accountCreated', userId: e.userId, login: e.login }));
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });
  afterEach(() => sim.faults.clear());

  const liCalls = () => sim.state.countCalls('LI');
  const mint = (input: { userId?: number; email?: string; tradingLogin?: number | null; ttlMs?: number } = {}) => {
    const userId = input.userId ?? ++ctid;
    return { userId, token: sim.mintLightIdentityToken({ brokerCrmName: LI_CRM, userId, email: input.email ?? `li${userId}@example.com`, ...input }) };
  };
  const usersWithCtid = (ctidUserId: number) => usersOf(t).countBy({ brokerName: LI_BROKER, ctidUserId });

  it('a screen opened with a fresh token shows the right user and account; the user is created without a password', async () => {
    const login = await createTrader(t, LI_BROKER, 'EUR');
    const { userId, token } = mint({ email: 'Fresh.Trader@Example.com', tradingLogin: login });
    const jar = new CookieJar();
    const first = await open(t, `${PROBE}?${C}&token=${token}&account=${login}&lang=en`, jar);
    // Post/redirect/get: the token leaves the address bar at once.
    expect(first.status).toBe(303);
    expect(first.location).toBe(`${PROBE}?lang=en&brokerName=${LI_BROKER}&account=${login}`);
    const page = await open(t, first.location!, jar);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`user=fresh.trader@example.com account=${login}`);

    const user = await usersOf(t).findOneByOrFail({ brokerName: LI_BROKER, ctidUserId: userId });
    expect(user).toMatchObject({ email: 'fresh.trader@example.com', passwordHash: null, origin: 'lightIdentity', signupStep: 'complete', lockedAt: null });
    const account = await accountsOf(t).findOneByOrFail({ brokerName: LI_BROKER, login });
    expect(account).toMatchObject({ userId: user.id, state: 'linked', currency: 'EUR', leverage: 200, accountType: 'HEDGED', traderPasswordMd5: null });
    // The token is stored nowhere in plain text, and the page never shows it.
    expect(page.html).not.toContain(token);
    const dump = JSON.stringify(await t.app.get(DataSource).getRepository(InappTokenRedemption).find());
    expect(dump).not.toContain(token);
    expect(t.logs.join('\n')).not.toContain(token);
  });

  it('a token in another URL-safe format (a JWT, dots included) is accepted and redeemed', async () => {
    const login = await createTrader(t, LI_BROKER, 'EUR');
    const userId = ++ctid;
    const token = sim.mintLightIdentityToken({ brokerCrmName: LI_CRM, userId, email: `jwt${userId}@example.com`, tradingLogin: login, format: 'jwt' });
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const jar = new CookieJar();
    const first = await open(t, `${PROBE}?${C}&token=${token}&account=${login}&lang=en`, jar);
    expect(first.status).toBe(303);
    const page = await open(t, first.location!, jar);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`user=jwt${userId}@example.com account=${login}`);
  });

  it('without `account` in the URL the session takes the account cTrader named', async () => {
    const login = await createTrader(t, LI_BROKER, 'USD');
    const { token } = mint({ tradingLogin: login });
    const page = await openFollowing(t, `${PROBE}?${C}&token=${token}`, new CookieJar());
    expect(page.status).toBe(200);
    expect(page.html).toContain(`account=${login}`);
  });

  it('a reload of the original URL does not redeem twice; the same URL in another browser opens nothing', async () => {
    const login = await createTrader(t, LI_BROKER);
    const { token } = mint({ tradingLogin: login });
    const url = `${PROBE}?${C}&token=${token}&account=${login}`;
    const jar = new CookieJar();
    const before = liCalls();
    expect((await openFollowing(t, url, jar)).status).toBe(200);
    expect(liCalls()).toBe(before + 1);
    const reload = await openFollowing(t, url, jar);
    expect(reload.status).toBe(200);
    expect(reload.html).toContain(`account=${login}`);
    expect(liCalls()).toBe(before + 1);

    const stranger = await openFollowing(t, url, new CookieJar());
    expect(stranger.status).toBe(401);
    expect(stranger.html).toContain('This page can no longer be opened with this link');
    // Refused by our own record of the token: cTrader was not even asked.
    expect(liCalls()).toBe(before + 1);
  });

  it('a reload cannot switch to an account of someone else', async () => {
    const mine = await createTrader(t, LI_BROKER);
    const theirs = await createTrader(t, LI_BROKER);
    await openFollowing(t, `${PROBE}?${C}&token=${mint({ tradingLogin: theirs }).token}`, new CookieJar());
    const { token } = mint({ tradingLogin: mine });
    const jar = new CookieJar();
    expect((await openFollowing(t, `${PROBE}?${C}&token=${token}&account=${mine}`, jar)).status).toBe(200);
    expect((await open(t, `${PROBE}?${C}&token=${token}&account=${theirs}`, jar)).status).toBe(403);
    expect((await open(t, `${PROBE}?${C}&account=${theirs}`, jar)).status).toBe(403);
    expect((await open(t, `${PROBE}?${C}&account=${mine}`, jar)).status).toBe(200);
  });

  describe('a token cTrader refuses shows the error screen and creates nothing', () => {
    async function expectRefused(token: string, ctidUserId: number | null, lang = 'en') {
      const users = await usersOf(t).count();
      const accounts = await accountsOf(t).count();
      const jar = new CookieJar();
      const page = await open(t, `${PROBE}?${C}&token=${token}&lang=${lang}`, jar);
      expect(page.status).toBe(401);
      expect(page.html).not.toContain(token);
      expect(jar.header()).not.toMatch(/sid-inapp/);
      expect(await usersOf(t).count()).toBe(users);
      expect(await accountsOf(t).count()).toBe(accounts);
      if (ctidUserId !== null) expect(await usersWithCtid(ctidUserId)).toBe(0);
      return page;
    }

    it('expired', async () => {
      const { userId, token } = mint({ ttlMs: 0, tradingLogin: await createTrader(t, LI_BROKER) });
      const page = await expectRefused(token, userId);
      expect(page.html).toContain('This page can no longer be opened with this link. Please go back to the app and try again.');
    });

    it('already used (redeemed elsewhere first)', async () => {
      const { userId, token } = mint();
      await t.app.get(CtraderGateway).redeemLightIdentityToken(LI_BROKER, token);
      await expectRefused(token, userId);
    });

    it('unknown, and of another CRM — translated', async () => {
      const page = await expectRefused(randomBytes(32).toString('base64url'), null, 'de');
      expect(page.html).toContain('lang="de"');
      const other = sim.mintLightIdentityToken({ brokerCrmName: 'crm_shared', email: `other${++ctid}@example.com` });
      await expectRefused(other, null, 'fr');
    });

    it('cTrader unreachable (timeout, 5xx): 503 "try again from the app", nothing created; a reload may still work', async () => {
      const { userId, token } = mint({ tradingLogin: await createTrader(t, LI_BROKER) });
      sim.faults.add({ call: 'LI', mode: 'timeout', times: 1 });
      const users = await usersOf(t).count();
      const timedOut = await open(t, `${PROBE}?${C}&token=${token}`, new CookieJar());
      expect(timedOut.status).toBe(503);
      expect(timedOut.html).toContain('We could not confirm your identity right now');
      sim.faults.add({ call: 'LI', mode: 'error', status: 502, times: 1 });
      const jar = new CookieJar();
      expect((await open(t, `${PROBE}?${C}&token=${token}`, jar)).status).toBe(503);
      expect(await usersOf(t).count()).toBe(users);
      expect(await usersWithCtid(userId)).toBe(0);
      // The timed-out request never reached the redeem (the simulator held it), so the token is still good.
      expect((await openFollowing(t, `${PROBE}?${C}&token=${token}`, jar)).status).toBe(200);
      expect(await usersWithCtid(userId)).toBe(1);
    });

    it('redeemed at cTrader but the answer was lost: 503, nothing created; a reload is refused as used', async () => {
      const { userId, token } = mint();
      sim.faults.add({ call: 'LI', mode: 'dropAfterEffect', times: 1 });
      expect((await open(t, `${PROBE}?${C}&token=${token}`, new CookieJar())).status).toBe(503);
      expect((await open(t, `${PROBE}?${C}&token=${token}`, new CookieJar())).status).toBe(401);
      expect(await usersWithCtid(userId)).toBe(0);
    });
  });

  it("the account must be this broker's and must exist at cTrader; otherwise 403 and nothing created", async () => {
    const foreign = await createTrader(t, 'broker_a');
    const a = mint({ tradingLogin: foreign });
    expect((await open(t, `${PROBE}?${C}&token=${a.token}`, new CookieJar())).status).toBe(403);
    const b = mint({ tradingLogin: 99_999_999 });
    expect((await open(t, `${PROBE}?${C}&token=${b.token}`, new CookieJar())).status).toBe(403);
    expect(await usersWithCtid(a.userId)).toBe(0);
    expect(await usersWithCtid(b.userId)).toBe(0);
    expect(await accountsOf(t).countBy({ login: foreign, brokerName: LI_BROKER })).toBe(0);
  });

  it('a trader read without brokerName is refused, not adopted: the broker check is never skipped (issue #17)', async () => {
    const login = await createTrader(t, LI_BROKER);
    const { userId, token } = mint({ tradingLogin: login });
    sim.quirks.traderWithoutBrokerName = true;
    try {
      const r = await open(t, `${PROBE}?${C}&token=${token}`, new CookieJar());
      expect(r.status).toBe(503);
      expect(r.html).toContain('We could not confirm your identity right now');
    } finally {
      sim.quirks.traderWithoutBrokerName = false;
    }
    expect(await usersWithCtid(userId)).toBe(0);
    expect(await accountsOf(t).countBy({ login, brokerName: LI_BROKER })).toBe(0);
    // The simulator's switch is visible over HTTP too.
    expect(await (await fetch(`${sim.url}/__sim/quirks`)).json()).toEqual({ traderWithoutBrokerName: false, looseAnswers: false, balanceHistoryRead: false });
  });

  it('the same cTrader user arriving twice (one after the other, and at once) maps to one local user', async () => {
    const login = await createTrader(t, LI_BROKER);
    const first = mint({ tradingLogin: login });
    const again = mint({ userId: first.userId, tradingLogin: login });
    await openFollowing(t, `${PROBE}?${C}&token=${first.token}`, new CookieJar());
    const page = await openFollowing(t, `${PROBE}?${C}&token=${again.token}`, new CookieJar());
    expect(page.status).toBe(200);
    expect(await usersWithCtid(first.userId)).toBe(1);

    // A new user with a new account, opened from five tabs at once: one user, one account, no 500.
    const login2 = await createTrader(t, LI_BROKER);
    const burst = mint({ tradingLogin: login2 });
    const tokens = [burst.token, ...Array.from({ length: 4 }, () => mint({ userId: burst.userId, tradingLogin: login2 }).token)];
    const pages = await Promise.all(tokens.map((token) => openFollowing(t, `${PROBE}?${C}&token=${token}`, new CookieJar())));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(pages.map((p) => /user=([^ ]+)/.exec(p.html)?.[1])).size).toBe(1);
    expect(await usersWithCtid(burst.userId)).toBe(1);
    expect(await accountsOf(t).countBy({ brokerName: LI_BROKER, login: login2 })).toBe(1);
    // Whoever lost the insert race knows it: one signup event, one account event.
    const local = await usersOf(t).findOneByOrFail({ brokerName: LI_BROKER, ctidUserId: burst.userId });
    expect(events.filter((e) => e.name === 'user.signedUp' && e.userId === local.id)).toHaveLength(1);
    expect(events.filter((e) => e.name === 'user.accountCreated' && e.userId === local.id)).toEqual([
      { name: 'user.accountCreated', userId: local.id, login: login2 },
    ]);
  });

  it('a later token carrying a new email at cTrader updates the local email', async () => {
    const first = mint({ email: 'before@example.com' });
    await openFollowing(t, `${PROBE}?${C}&token=${first.token}`, new CookieJar());
    // cTrader now reports another address for the same user.
    const again = mint({ userId: first.userId, email: 'After@example.com' });
    const page = await openFollowing(t, `${PROBE}?${C}&token=${again.token}`, new CookieJar());
    expect(page.html).toContain('user=after@example.com');
  });

  it('an email another local user holds: a "contact support" page (409), nothing created, no merge by email', async () => {
    const holder = mint({ email: 'taken@example.com' });
    await openFollowing(t, `${PROBE}?${C}&token=${holder.token}`, new CookieJar());
    // cTrader now reports that address for another user (the holder changed theirs at cTrader, say).
    const other = mint({ email: 'other-now@example.com' });
    sim.state.getUser(other.userId)!.email = 'taken@example.com';
    const token = sim.mintLightIdentityToken({ brokerCrmName: LI_CRM, userId: other.userId, email: 'taken@example.com' });
    const page = await open(t, `${PROBE}?${C}&token=${token}&lang=fr`, new CookieJar());
    expect(page.status).toBe(409);
    expect(page.html).toContain('Nous n’avons pas pu ouvrir votre profil ici');
    expect(await usersWithCtid(other.userId)).toBe(0);
    expect(await usersWithCtid(holder.userId)).toBe(1);
  });

  it('a locked user opens nothing', async () => {
    const first = mint();
    await openFollowing(t, `${PROBE}?${C}&token=${first.token}`, new CookieJar());
    await usersOf(t).update({ brokerName: LI_BROKER, ctidUserId: first.userId }, { lockedAt: Date.now() });
    expect((await open(t, `${PROBE}?${C}&token=${mint({ userId: first.userId }).token}`, new CookieJar())).status).toBe(401);
  });

  it('the same screen serves a Full SSO broker through the same door (4.4 token)', async () => {
    const ct = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: 'broker_b', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
    const { seedUser } = await import('../support/seed');
    const user = await seedUser(t.app, 'broker_b');
    const generated = await ct.generate(user.ctidUserId!);
    expect(generated.status).toBe(200);
    const page = await openFollowing(t, `${PROBE}?brokerName=broker_b&token=${(generated.body as { token: string }).token}`, new CookieJar());
    expect(page.status).toBe(200);
    expect(page.html).toContain(`user=${user.email}`);
    // A Light-identity token means nothing to a Full SSO broker.
    expect((await open(t, `${PROBE}?brokerName=broker_b&token=${mint().token}`, new CookieJar())).status).toBe(401);
    expect(config.brokers.find((b) => b.brokerName === 'broker_b')!.modules).toEqual(['fullSso']);
  });
});
