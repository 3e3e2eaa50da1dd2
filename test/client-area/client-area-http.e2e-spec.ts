import { ClientAreaSections } from '../../src/kernel/client-area';
import { UsersService } from '../../src/kernel/users/users.service';
import { CookieJar } from '../screens/cookie-jar';
import { A, ClientAreaEnv, deposit, directive, PASSWORD, ScreenClient, seedTrader, startClientAreaEnv } from './client-area-fixtures';

/** The client area over real HTTP (screens §2.2): login, dashboard, sections, profile, logout (3.12), security. */
describe('client area (HTTP)', () => {
  let env: ClientAreaEnv;
  beforeAll(async () => {
    env = await startClientAreaEnv();
  }, 60_000);
  afterAll(() => env?.close());

  const client = () => new ScreenClient(env.t.baseUrl);
  const cookieName = (broker = 'broker_a') => `sid-client.${broker}`;

  it('sends a visitor without a session to the client-area login, keeping the display parameters', async () => {
    const { res } = await client().get(`/client?${A}&lang=de&theme=dark`);
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get('location')!, env.t.baseUrl);
    expect(to.pathname).toBe('/client/login');
    expect(to.searchParams.get('lang')).toBe('de');
    expect(to.searchParams.get('theme')).toBe('dark');
    expect(to.searchParams.get('brokerName')).toBe('broker_a');
  });

  it("login page: the screens' security headers, a CSRF field, reset and signup links", async () => {
    const { res, html } = await client().get(`/client/login?${A}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy');
    expect(directive(csp, 'script-src')).toBe("script-src 'none'");
    expect(directive(csp, 'frame-ancestors')).toMatch(/^frame-ancestors 'self'/);
    expect(csp).not.toContain('*');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('name="_csrf"');
    expect(html).toContain('id="reset-password-link"');
    expect(html).toMatch(/id="signup-link" href="\/auth\/login\?[^"]*firstLogin=true/);
    expect(html).toContain('broker_a Ltd');
  });

  it('refuses a POST without a CSRF token, or from another site', async () => {
    const { email } = await seedTrader(env.t);
    const c = client();
    const csrf = await c.csrf(`/client/login?${A}`);
    expect((await c.post(`/client/login?${A}`, { email, password: PASSWORD })).res.status).toBe(403);
    expect((await c.post(`/client/login?${A}`, { _csrf: csrf, email, password: PASSWORD }, { 'sec-fetch-site': 'cross-site' })).res.status).toBe(403);
    expect(c.jar.get(cookieName())).toBeUndefined();
  });

  it('wrong password and unknown email get the same answer and no session', async () => {
    const { email } = await seedTrader(env.t);
    const wrong = await client().login(email, 'not-the-password-1');
    const unknown = await client().login('nobody.here@example.com', 'not-the-password-1');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    const alert = (html: string) => /role="alert"[^>]*>([^<]*)</.exec(html)?.[1] ?? html.match(/incorrect[^<]*/)?.[0];
    expect(alert(wrong.html)).toBe(alert(unknown.html));
    expect(wrong.html).toContain('The email or password is incorrect.');
  });

  it("logs in with the SSO users' password: own session cookie (HttpOnly, Secure, SameSite=None, Partitioned), in the trader's language", async () => {
    const { user, email } = await seedTrader(env.t);
    await env.t.app.get(UsersService).usersOf('broker_a').update({ id: user.id }, { preferredLanguage: 'fr' });
    const c = client();
    const { res } = await c.login(email);
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get('location')!, env.t.baseUrl);
    expect(to.pathname).toBe('/client');
    expect(to.searchParams.get('lang')).toBe('fr');
    const cookie = CookieJar.parse(res.headers).find((k) => k.name === cookieName())!;
    expect(cookie).toBeDefined();
    expect(cookie.attrs).toMatchObject({ httponly: true, secure: true, samesite: 'None', partitioned: true, path: '/' });
    const page = await c.get(`${to.pathname}${to.search}`);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain('lang="fr"');
    expect(page.html).toContain('Bonjour, Ana');
  });

  it('dashboard: accounts from our records with balances read from cTrader, profile, links carried', async () => {
    const { email, logins } = await seedTrader(env.t, 'broker_a', 2);
    await deposit(env.t, 'broker_a', logins[0], '1234.56');
    const c = client();
    await c.login(email);
    const { res, html } = await c.get(`/client?${A}&lang=en&theme=dark`);
    expect(res.status).toBe(200);
    for (const login of logins) expect(html).toContain(`data-login="${login}"`);
    expect(html).toContain('$1,234.56');
    expect(html).toContain(`id="profile-email">${email}<`);
    // Links to the pages other modules serve, with lang/theme/broker ids carried.
    for (const [id, path] of [
      ['open-account', '/account/create'],
      ['change-password', '/account/password'],
      ['change-email', '/account/email'],
      ['partner-link', '/client/partner'],
    ]) {
      const href = new RegExp(`id="${id}"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*id="${id}"`).exec(html);
      const url = new URL((href?.[1] ?? href?.[2] ?? '').replace(/&amp;/g, '&'), env.t.baseUrl);
      expect(url.pathname).toBe(path);
      expect(url.searchParams.get('theme')).toBe('dark');
      expect(url.searchParams.get('brokerName')).toBe('broker_a');
    }
    // Embedded cTrader Web is on for broker_a: both ways in, and the new-page form may be redirected there.
    expect(html).toContain('id="open-ctrader-web"');
    expect(html).toContain('id="ctrader-web-here"');
    expect(directive(res.headers.get('content-security-policy'), 'form-action')).toBe(`form-action 'self' ${env.sim.url}`);
    // Deposit/withdrawal history and KYC: the in-app action modules' sections (docs/wiring.md), empty for a new trader.
    expect(html).toContain('No deposits or withdrawals yet.');
    expect(html).toContain('Not verified yet');
  });

  it('shows "unavailable" for a balance cTrader cannot give, never fails the page', async () => {
    const { email } = await seedTrader(env.t);
    const c = client();
    await c.login(email);
    env.sim.faults.add({ call: 'traderRead', mode: 'error', status: 503, times: 0 });
    try {
      const { res, html } = await c.get(`/client?${A}`);
      expect(res.status).toBe(200);
      expect(html).toContain('Balance unavailable right now');
    } finally {
      env.sim.faults.clear();
    }
  });

  it('renders the sections modules register; a failing provider costs only its own section', async () => {
    const sections = env.t.app.get(ClientAreaSections);
    sections.register({
      id: 'test-payments',
      slot: 'payments',
      section: async (_broker, viewer, display) => ({
        title: display.t('clientArea.payments.title'),
        columns: [
          { key: 'date', label: 'Date' },
          { key: 'amount', label: 'Amount' },
          { key: 'status', label: 'Status' },
        ],
        statusColumn: 'status',
        rows: [{ cells: { date: '2026-11-21', amount: `<b>100.00</b> for ${viewer.email}`, status: 'Completed' }, tone: 'success' }],
        link: { path: '/inapp/deposit', label: 'Deposit' },
      }),
    });
    sections.register({ id: 'test-kyc', slot: 'kyc', section: async () => Promise.reject(new Error('kyc store down')) });
    const { email } = await seedTrader(env.t);
    const c = client();
    await c.login(email);
    const { res, html } = await c.get(`/client?${A}&theme=dark`);
    expect(res.status).toBe(200);
    expect(html).toContain('id="section-test-payments"');
    expect(html).toContain(`&lt;b&gt;100.00&lt;/b&gt; for ${email}`);
    expect(html).toContain('ca-badge ca-tone-success">Completed<');
    expect(html).toMatch(/href="\/inapp\/deposit\?[^"]*theme=dark/);
    const testSection = html.slice(html.indexOf('id="section-test-payments"'), html.indexOf('</section>', html.indexOf('id="section-test-payments"')));
    expect(testSection).not.toContain('No deposits or withdrawals yet.');
    expect(html).toContain('id="section-test-kyc"');
    expect(html).toContain('This information is unavailable right now.');
    // Unregister for the other tests by replacing them with providers that show nothing.
    sections.register({ id: 'test-payments', slot: 'payments', section: async () => null });
    sections.register({ id: 'test-kyc', slot: 'kyc', section: async () => null });
  });

  it('profile: saves the preferred language and shows the area in it', async () => {
    const { user, email } = await seedTrader(env.t);
    const c = client();
    await c.login(email);
    const csrf = await c.csrf(`/client?${A}`);
    const { res } = await c.post(`/client/profile/language?${A}`, { _csrf: csrf, language: 'de' });
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get('location')!, env.t.baseUrl);
    expect(to.searchParams.get('lang')).toBe('de');
    expect((await env.t.app.get(UsersService).findById('broker_a', user.id))!.preferredLanguage).toBe('de');
    const page = await c.get(`${to.pathname}${to.search}`);
    expect(page.html).toContain('Ihre Sprache wurde gespeichert.');
    expect(page.html).toContain('<option value="de" selected>Deutsch</option>');
    expect(page.html).toContain('<option value="ar">العربية</option>');
    // Not a language we have: nothing changes.
    await c.post(`/client/profile/language?${A}`, { _csrf: await c.csrf(`/client?${A}`), language: 'xx' });
    expect((await env.t.app.get(UsersService).findById('broker_a', user.id))!.preferredLanguage).toBe('de');
  });

  it('logout calls 3.12 for the user, ends the client session and clears its cookie', async () => {
    const { user, email } = await seedTrader(env.t);
    const c = client();
    await c.login(email);
    const before = env.sim.state.calls({ call: '3.12' }).length;
    const csrf = await c.csrf(`/client?${A}`);
    const { res, html } = await c.post(`/client/logout?${A}`, { _csrf: csrf });
    expect(res.status).toBe(200);
    expect(html).toContain('You have been logged out of the client area and of the trading apps.');
    const calls = env.sim.state.calls({ call: '3.12' });
    expect(calls.length).toBe(before + 1);
    expect(calls[calls.length - 1].path).toContain(`userId=${user.ctidUserId}`);
    expect(c.jar.get(cookieName())).toBeUndefined();
    expect((await c.get(`/client?${A}`)).res.status).toBe(303);
  });

  it('logout still ends the session when cTrader cannot be reached, and says so', async () => {
    const { email } = await seedTrader(env.t);
    const c = client();
    await c.login(email);
    const stolen = c.jar.get(cookieName())!;
    env.sim.faults.add({ call: '3.12', mode: 'error', status: 503, times: 0 });
    try {
      const { res, html } = await c.post(`/client/logout?${A}`, { _csrf: await c.csrf(`/client?${A}`) });
      expect(res.status).toBe(200);
      expect(html).toContain('We could not reach the trading apps');
    } finally {
      env.sim.faults.clear();
    }
    // The server-side session is gone, not only the cookie.
    const replay = new ScreenClient(env.t.baseUrl);
    replay.jar.set(cookieName(), stolen);
    expect((await replay.get(`/client?${A}`)).res.status).toBe(303);
  });

  it('isolation: the session is bound to its broker and kind; a locked user has none; broker gate', async () => {
    const { user, email } = await seedTrader(env.t);
    const c = client();
    await c.login(email);
    const value = c.jar.get(cookieName())!;
    // The same cookie value presented to broker_b (which shares the CRM) finds nothing.
    const other = new ScreenClient(env.t.baseUrl);
    other.jar.set(cookieName('broker_b'), value);
    expect((await other.get('/client?brokerName=broker_b')).res.status).toBe(303);
    // An SSO-screen session is not a client-area session.
    const sso = new ScreenClient(env.t.baseUrl);
    sso.jar.set('sid-sso.broker_a', value);
    expect((await sso.get(`/client?${A}`)).res.status).toBe(303);
    // broker_c has no Full SSO: no client area.
    expect((await client().get('/client/login?brokerName=broker_c')).res.status).toBe(404);
    // Locked by an admin: the session no longer opens anything.
    expect((await c.get(`/client?${A}`)).res.status).toBe(200);
    await env.t.app.get(UsersService).usersOf('broker_a').update({ id: user.id }, { lockedAt: Date.now() });
    expect((await c.get(`/client?${A}`)).res.status).toBe(303);
  });

  it('broker_b (Full SSO without Embedded cTrader Web): no cTrader Web on the dashboard, its pages are off', async () => {
    const { email } = await seedTrader(env.t, 'broker_b');
    const c = client();
    await c.login(email, PASSWORD, 'brokerName=broker_b');
    const { res, html } = await c.get('/client?brokerName=broker_b');
    expect(res.status).toBe(200);
    expect(html).not.toContain('id="open-ctrader-web"');
    expect(html).not.toContain('id="partner-link"');
    expect(directive(res.headers.get('content-security-policy'), 'form-action')).toBe("form-action 'self'");
    expect((await c.get('/client/ctrader-web?brokerName=broker_b')).res.status).toBe(404);
  });
});
