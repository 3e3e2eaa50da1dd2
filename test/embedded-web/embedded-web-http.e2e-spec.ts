import { DataSource } from 'typeorm';
import { OneTimeToken } from '../../src/kernel/tokens/one-time-token.entity';
import { hashToken } from '../../src/kernel/tokens/token-format';
import { CtraderAppClient } from '../../src/simulator';
import { A, ClientAreaEnv, directive, ScreenClient, seedTrader, startClientAreaEnv } from '../client-area/client-area-fixtures';
import { TEST_CRM_PASSWORD } from '../support/test-config';

/** Embedded cTrader Web over HTTP (flows §2.3): a fresh login OT token per load, exact framing, no token leaks. */
describe('Embedded cTrader Web (HTTP)', () => {
  let env: ClientAreaEnv;
  let ct: CtraderAppClient;
  beforeAll(async () => {
    env = await startClientAreaEnv();
    ct = new CtraderAppClient({ baseUrl: env.t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
  }, 60_000);
  afterAll(() => env?.close());

  const frameSrc = (html: string) => new URL(/id="ctrader-web-frame"[^>]*src="([^"]+)"/.exec(html)![1].replace(/&amp;/g, '&'));

  async function loggedIn(accounts = 1) {
    const trader = await seedTrader(env.t, 'broker_a', accounts);
    const c = new ScreenClient(env.t.baseUrl);
    await c.login(trader.email);
    return { ...trader, c };
  }

  it('without a client-area session: to the login page, no token issued', async () => {
    const before = await env.t.app.get(DataSource).getRepository(OneTimeToken).count();
    const { res } = await new ScreenClient(env.t.baseUrl).get(`/client/ctrader-web?${A}`);
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!, env.t.baseUrl).pathname).toBe('/client/login');
    expect(await env.t.app.get(DataSource).getRepository(OneTimeToken).count()).toBe(before);
  });

  it('iframe page: the URL carries token, account, lang and theme; the CSP frames exactly that origin; 4.2 gives the user with an access token', async () => {
    const { c, user, logins } = await loggedIn();
    const { res, html } = await c.get(`/client/ctrader-web?${A}&lang=es&theme=dark`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy');
    expect(directive(csp, 'frame-src')).toBe(`frame-src ${env.sim.url}`);
    expect(directive(csp, 'form-action')).toBe(`form-action 'self' ${env.sim.url}`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('referrerpolicy="no-referrer"');
    const src = frameSrc(html);
    expect(`${src.origin}${src.pathname}`).toBe(`${env.sim.url}/ctrader-web`);
    expect([...src.searchParams.keys()]).toEqual(['token', 'account', 'lang', 'theme']);
    expect(src.searchParams.get('account')).toBe(String(logins[0]));
    expect(src.searchParams.get('lang')).toBe('es');
    expect(src.searchParams.get('theme')).toBe('dark');
    const token = src.searchParams.get('token')!;
    // Stored only as a hash: purpose login, Keep me logged in, bound to the account.
    const row = await env.t.app
      .get(DataSource)
      .getRepository(OneTimeToken)
      .findOneByOrFail({ tokenHash: hashToken(token) });
    expect(row).toMatchObject({ purpose: 'login', keepLoggedIn: true, userId: user.id, brokerName: 'broker_a' });
    expect(Number(row.accountLogin)).toBe(logins[0]);
    const ex = await ct.exchange(token);
    expect(ex.status).toBe(200);
    expect(ex.body).toMatchObject({ userId: user.ctidUserId });
    expect(typeof (ex.body as { accessToken?: string }).accessToken).toBe('string');
    // Used once: refused the second time.
    expect((await ct.exchange(token)).status).toBe(404);
  });

  it("every load issues a new token; an account switch opens that account; another user's account is refused", async () => {
    const { c, logins } = await loggedIn(2);
    const first = frameSrc((await c.get(`/client/ctrader-web?${A}`)).html);
    const reload = frameSrc((await c.get(`/client/ctrader-web?${A}`)).html);
    expect(reload.searchParams.get('token')).not.toBe(first.searchParams.get('token'));
    const switched = frameSrc((await c.get(`/client/ctrader-web?${A}&account=${logins[1]}`)).html);
    expect(switched.searchParams.get('account')).toBe(String(logins[1]));
    const other = await seedTrader(env.t);
    expect((await c.get(`/client/ctrader-web?${A}&account=${other.logins[0]}`)).res.status).toBe(403);
    expect((await c.get(`/client/ctrader-web?${A}&account=12abc`)).res.status).toBe(403);
  });

  it('new page: POST (with CSRF) answers 303 to cTrader Web with a fresh token; never a token in our own URLs', async () => {
    const { c, user, logins } = await loggedIn(2);
    const dashboard = await c.get(`/client?${A}&theme=dark`);
    const csrf = /action="\/client\/ctrader-web\/open[^"]*"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]+)"/.exec(dashboard.html)?.[1];
    expect(csrf).toBeDefined();
    expect((await c.post(`/client/ctrader-web/open?${A}`, { account: String(logins[1]) })).res.status).toBe(403);
    const { res } = await c.post(`/client/ctrader-web/open?${A}&theme=dark`, { _csrf: csrf!, account: String(logins[1]) });
    expect(res.status).toBe(303);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const to = new URL(res.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe(`${env.sim.url}/ctrader-web`);
    expect(to.searchParams.get('account')).toBe(String(logins[1]));
    expect(to.searchParams.get('theme')).toBe('dark');
    const ex = await ct.exchange(to.searchParams.get('token')!);
    expect(ex.body).toMatchObject({ userId: user.ctidUserId });
    // Our own links and forms never carry a token.
    expect(dashboard.html).not.toMatch(/[?&]token=/);
  });

  it('no issued token ever reaches the logs or the database in plain text', async () => {
    const { c } = await loggedIn();
    const tokens = [frameSrc((await c.get(`/client/ctrader-web?${A}`)).html).searchParams.get('token')!];
    const csrf = /action="\/client\/ctrader-web\/open[^"]*"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]+)"/.exec(
      (await c.get(`/client?${A}`)).html,
    )![1];
    const { res } = await c.post(`/client/ctrader-web/open?${A}`, { _csrf: csrf });
    tokens.push(new URL(res.headers.get('location')!).searchParams.get('token')!);
    // The last request's own log line is written after its answer: wait for it (no fixed wait), then every line
    // the requests above produced is in the logs being searched.
    while (!env.t.logs.some((line) => line.includes('/client/ctrader-web/open'))) await new Promise((r) => setTimeout(r, 20));
    const logs = env.t.logs.join('\n');
    const rows = JSON.stringify(await env.t.app.get(DataSource).getRepository(OneTimeToken).find());
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(logs).not.toContain(token);
      expect(rows).not.toContain(token);
    }
  });

  it('a trader without a linked account still opens cTrader Web, without `account`', async () => {
    const { c } = await loggedIn(0);
    const src = frameSrc((await c.get(`/client/ctrader-web?${A}`)).html);
    expect(src.searchParams.has('account')).toBe(false);
    expect(src.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
