import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { DataSource } from 'typeorm';
import { ScreenSession } from '../../src/kernel/screens';
import { CookieJar } from './cookie-jar';
import { ScreensTestApp, startScreensTestApp } from './screens-test-app';

const A = 'brokerName=broker_a';
const B = 'brokerName=broker_b';
const TOKEN = 'ot_' + 'Zx9'.repeat(15);

describe('screens kernel over real HTTP', () => {
  let t: ScreensTestApp;
  beforeAll(async () => {
    t = await startScreensTestApp();
  });
  afterAll(() => t?.close());

  const get = (path: string, jar?: CookieJar, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${path}`, { redirect: 'manual', headers: { ...(jar ? { cookie: jar.header() } : {}), ...headers } });

  async function post(path: string, form: Record<string, string>, jar?: CookieJar, headers: Record<string, string> = {}) {
    return fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...(jar ? { cookie: jar.header() } : {}), ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** Opens the sample form like a browser: keeps the CSRF cookie, returns the token of the hidden field. */
  async function openForm(jar: CookieJar, query = A): Promise<{ html: string; csrf: string }> {
    const res = await get(`/test-screens/form?${query}`, jar);
    jar.store(res.headers);
    const html = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error('no csrf field');
    return { html, csrf };
  }

  async function login(email = 'trader@example.com', jar = new CookieJar(), query = A) {
    const { csrf } = await openForm(jar, query);
    const res = await post(`/test-screens/form?${query}`, { _csrf: csrf, email, password: 'irrelevant-here' }, jar);
    jar.store(res.headers);
    return { res, jar };
  }

  function rawRequest(method: string, path: string, headers: Record<string, string>, body?: string) {
    return new Promise<{ status: number; headers: Headers; body: string }>((resolve, reject) => {
      const req = request(`${t.baseUrl}${path}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) for (const one of [v].flat()) if (one !== undefined) h.append(k, String(one));
          resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  const directive = (csp: string | null, name: string) => (csp ?? '').split('; ').find((d) => d.startsWith(`${name} `));
  const sessions = () => t.app.get(DataSource).getRepository(ScreenSession);

  describe('headers', () => {
    it('per-broker CSP, no-referrer, no-store, nosniff on a screen', async () => {
      const a = await get(`/test-screens/form?${A}`);
      expect(a.status).toBe(200);
      expect(a.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const cspA = a.headers.get('content-security-policy');
      expect(directive(cspA, 'frame-ancestors')).toBe(`frame-ancestors 'self' ${t.otherSiteUrl} https://app.ctrader.com`);
      expect(directive(cspA, 'form-action')).toBe("form-action 'self' https://crm.aurora.example");
      expect(directive(cspA, 'script-src')).toBe("script-src 'none'");
      expect(a.headers.get('referrer-policy')).toBe('no-referrer');
      expect(a.headers.get('cache-control')).toBe('no-store');
      expect(a.headers.get('x-content-type-options')).toBe('nosniff');
      expect(a.headers.get('x-frame-options')).toBeNull();

      const b = await get(`/test-screens/form?${B}`);
      const cspB = b.headers.get('content-security-policy');
      expect(directive(cspB, 'frame-ancestors')).toBe("frame-ancestors 'self' https://web.borealis.example");
      expect(directive(cspB, 'img-src')).toBe("img-src 'self' data: https://cdn.borealis.example");
      expect(`${cspA} ${cspB}`).not.toContain('*');
    });

    it("the inline brand style is allowed by its hash, and the broker's colour is in it", async () => {
      const res = await get(`/test-screens/form?${B}`);
      const html = await res.text();
      const style = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? '';
      expect(style).toContain('--brand:#c2185b');
      const hash = createHash('sha256').update(style).digest('base64');
      expect(directive(res.headers.get('content-security-policy'), 'style-src')).toBe(`style-src 'self' 'sha256-${hash}'`);
      expect(html).not.toMatch(/<script|https?:\/\/fonts\.|cTrader ID/i);
    });

    it('redirects and error pages carry the screen headers too', async () => {
      const redirect = await get(`/test-screens/inapp?${A}&token=${TOKEN}`);
      expect(redirect.status).toBe(303);
      expect(redirect.headers.get('referrer-policy')).toBe('no-referrer');
      expect(redirect.headers.get('cache-control')).toBe('no-store');
      const error = await get('/test-screens/form');
      expect(error.headers.get('referrer-policy')).toBe('no-referrer');
      expect(directive(error.headers.get('content-security-policy'), 'frame-ancestors')).toBe("frame-ancestors 'self'");
    });

    it('serves the stylesheet from our origin, cacheable when versioned', async () => {
      const html = await (await get(`/test-screens/form?${A}`)).text();
      const href = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1] ?? '';
      expect(href).toMatch(/^\/assets\/screens\.css\?v=[0-9a-f]{16}$/);
      const css = await get(href);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const again = await get(href, undefined, { 'if-none-match': css.headers.get('etag') ?? '' });
      expect(again.status).toBe(304);
    });
  });

  describe('CSRF', () => {
    it('refuses a POST without a token, with a wrong one, or without the cookie', async () => {
      const jar = new CookieJar();
      const { csrf } = await openForm(jar);
      expect(jar.get('csrf')).toBeDefined();
      const cases: Array<[Record<string, string>, CookieJar | undefined]> = [
        [{ email: 'a@b.example' }, jar],
        [{ email: 'a@b.example', _csrf: 'wrong-token' }, jar],
        [{ email: 'a@b.example', _csrf: csrf.slice(0, -2) + 'xx' }, jar],
        [{ email: 'a@b.example', _csrf: csrf }, undefined],
      ];
      for (const [form, cookies] of cases) {
        const res = await post(`/test-screens/form?${A}`, form, cookies);
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(await res.text()).toContain('This form has expired for your security.');
        expect(CookieJar.parse(res.headers).some((c) => c.name.startsWith('sid-'))).toBe(false);
      }
    });

    it('refuses a cross-site POST even with a valid token and cookie', async () => {
      const jar = new CookieJar();
      const { csrf } = await openForm(jar);
      expect((await post(`/test-screens/form?${A}`, { _csrf: csrf, email: 'a@b.example' }, jar, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      const viaOrigin = await fetch(`${t.baseUrl}/test-screens/form?${A}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(), origin: 'https://evil.example' },
        body: new URLSearchParams({ _csrf: csrf, email: 'a@b.example' }).toString(),
      });
      expect(viaOrigin.status).toBe(403);
    });

    it('accepts the right token, and re-renders invalid input as a translated form (422)', async () => {
      const jar = new CookieJar();
      const { csrf } = await openForm(jar, `${A}&lang=es`);
      const bad = await post(`/test-screens/form?${A}&lang=es`, { _csrf: csrf, email: 'not-an-email' }, jar);
      expect(bad.status).toBe(422);
      const html = await bad.text();
      expect(html).toContain('Introduzca un correo electrónico válido.');
      expect(html).toContain('aria-invalid="true"');
      expect(html).toContain('value="not-an-email"');
      const ok = await post(`/test-screens/form?${A}&lang=es`, { _csrf: csrf, email: 'ok@example.com' }, jar);
      expect(ok.status).toBe(303);
    });
  });

  describe('screen sessions', () => {
    it('sets an HttpOnly, Secure, SameSite=None, Partitioned cookie on loopback; stores only its hash', async () => {
      const { res } = await login('flags@example.com');
      expect(res.status).toBe(303);
      const cookie = CookieJar.parse(res.headers).find((c) => c.name === 'sid-sso.broker_a');
      expect(cookie).toBeDefined();
      expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(cookie!.attrs).toMatchObject({ httponly: true, secure: true, samesite: 'None', partitioned: true, path: '/' });
      expect(cookie!.attrs['max-age']).toBeUndefined();
      const row = await sessions().findOneByOrFail({ userId: 'flags@example.com' });
      expect(row).toMatchObject({ brokerName: 'broker_a', kind: 'sso', revokedAt: null, id: createHash('sha256').update(cookie!.value).digest('hex') });
      expect(JSON.stringify(await sessions().find())).not.toContain(cookie!.value);
    });

    it('falls back to SameSite=Lax without Secure on plain http to a non-loopback host', async () => {
      // fetch() may not set Host; node:http may. Same server, reached as "crm.lan.example".
      const jar = new CookieJar();
      const form = await rawRequest('GET', `/test-screens/form?${A}`, { host: 'crm.lan.example' });
      jar.store(form.headers);
      const csrfCookie = CookieJar.parse(form.headers).find((c) => c.name === 'csrf');
      expect(csrfCookie?.attrs).toMatchObject({ httponly: true, samesite: 'Lax' });
      expect(csrfCookie?.attrs.secure).toBeUndefined();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
      const res = await rawRequest(
        'POST',
        `/test-screens/form?${A}`,
        {
          host: 'crm.lan.example',
          cookie: jar.header(),
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
        },
        new URLSearchParams({ _csrf: csrf, email: 'lan@example.com' }).toString(),
      );
      expect(res.status).toBe(303);
      const sid = CookieJar.parse(res.headers).find((c) => c.name === 'sid-sso.broker_a');
      expect(sid?.attrs).toMatchObject({ httponly: true, samesite: 'Lax' });
      expect(sid?.attrs.secure).toBeUndefined();
      expect(sid?.attrs.partitioned).toBeUndefined();
    });

    it('the session opens the next screen, and carries parameters + the configured eventName through the redirect', async () => {
      const query = `${A}&lang=de&theme=dark&utm_source=news&eventName=login_open`;
      const { res, jar } = await login('next@example.com', new CookieJar(), query);
      const location = res.headers.get('location') ?? '';
      expect(location.startsWith('/test-screens/me?')).toBe(true);
      expect(Object.fromEntries(new URL(location, t.baseUrl).searchParams)).toEqual({
        brokerName: 'broker_a',
        lang: 'de',
        theme: 'dark',
        utm_source: 'news',
        eventName: 'me_opened',
      });
      const me = await get(location, jar);
      expect(me.status).toBe(200);
      expect(await me.text()).toContain('next@example.com · broker_a');
    });

    it('is isolated per broker: broker A’s cookie opens nothing at broker B', async () => {
      const { jar } = await login('iso@example.com');
      const value = jar.get('sid-sso.broker_a')!;
      expect((await get(`/test-screens/me?${A}`, jar)).status).toBe(200);
      const other = new CookieJar();
      other.set('sid-sso.broker_b', value);
      const res = await get(`/test-screens/me?${B}`, other);
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('Ihre Sitzung ist abgelaufen.');
    });

    it('logout revokes and clears; a new login rotates the identifier', async () => {
      const { jar } = await login('rotate@example.com');
      const first = jar.get('sid-sso.broker_a')!;
      await login('rotate@example.com', jar);
      const second = jar.get('sid-sso.broker_a')!;
      expect(second).not.toBe(first);
      const stale = new CookieJar();
      stale.set('sid-sso.broker_a', first);
      expect((await get(`/test-screens/me?${A}`, stale)).status).toBe(401);

      const { csrf } = await openForm(jar);
      const out = await post(`/test-screens/logout?${A}`, { _csrf: csrf }, jar);
      expect(out.status).toBe(303);
      const cleared = CookieJar.parse(out.headers).find((c) => c.name === 'sid-sso.broker_a');
      expect(cleared?.attrs).toMatchObject({ partitioned: true, path: '/' });
      expect((await get(`/test-screens/me?${A}`, new CookieJar())).status).toBe(401);
      const replay = new CookieJar();
      replay.set('sid-sso.broker_a', second);
      expect((await get(`/test-screens/me?${A}`, replay)).status).toBe(401);
    });

    it('revokeAllForUser ends every session of the user except the one kept; idle sessions expire; use slides the expiry', async () => {
      const { ScreenSessionService } = await import('../../src/kernel/screens');
      const service = t.app.get(ScreenSessionService);
      const one = await login('many@example.com');
      const two = await login('many@example.com');
      const keep = await sessions().findOneByOrFail({ id: createHash('sha256').update(two.jar.get('sid-sso.broker_a')!).digest('hex') });
      expect(await service.revokeAllForUser('broker_b', 'many@example.com')).toBe(0);
      expect(await service.revokeAllForUser('broker_a', 'many@example.com', keep.id)).toBe(1);
      expect((await get(`/test-screens/me?${A}`, one.jar)).status).toBe(401);
      expect((await get(`/test-screens/me?${A}`, two.jar)).status).toBe(200);

      await sessions().update({ id: keep.id }, { lastSeenAt: Date.now() - 5 * 60_000, expiresAt: Date.now() + 25 * 60_000 });
      expect((await get(`/test-screens/me?${A}`, two.jar)).status).toBe(200);
      const slid = await sessions().findOneByOrFail({ id: keep.id });
      expect(slid.expiresAt).toBeGreaterThan(Date.now() + 29 * 60_000);

      await sessions().update({ id: keep.id }, { expiresAt: Date.now() - 1 });
      expect((await get(`/test-screens/me?${A}`, two.jar)).status).toBe(401);
    });

    it('an in-app token is consumed into a session and never appears in a URL, page or log', async () => {
      const jar = new CookieJar();
      const first = await get(`/test-screens/inapp?${A}&lang=fr&token=${TOKEN}&account=123456`, jar);
      jar.store(first.headers);
      expect(first.status).toBe(303);
      const location = first.headers.get('location') ?? '';
      expect(location).toBe('/test-screens/inapp?lang=fr&brokerName=broker_a&account=123456');
      const page = await get(location, jar);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain('Approvisionnez le compte 123456.');
      // Closable: X goes to the broker's success URL (no token), Back to the carried link.
      expect(html).toContain('href="https://crm.aurora.example/callback/success" aria-label="Fermer"');
      expect(html).toContain('aria-label="Retour"');
      expect(html).not.toContain(TOKEN);
      const err = await get(`/test-screens/token-error?${A}&token=${TOKEN}`);
      expect(await err.text()).not.toContain(TOKEN);
      expect(t.logs.join('\n')).not.toContain(TOKEN);
    });
  });

  describe('language and theme', () => {
    const html = async (q: string) => (await get(`/test-screens/form?${q}`)).text();

    it('lang: English, a supported code, an unsupported code → broker default, region tags', async () => {
      expect(await html(A)).toMatch(/<html lang="en" dir="ltr" data-theme="light">[\s\S]*Log in/);
      expect(await html(`${A}&lang=es`)).toMatch(/<html lang="es" dir="ltr"[\s\S]*Iniciar sesión/);
      expect(await html(`${A}&lang=xx`)).toContain('<html lang="en"');
      expect(await html(`${B}&lang=xx`)).toMatch(/<html lang="de"[\s\S]*Anmelden/);
      expect(await html(B)).toContain('<html lang="de"');
      expect(await html(`${A}&lang=zh-CN`)).toMatch(/<html lang="zh"[\s\S]*登录/);
      expect(await html(`${A}&lang=ar`)).toMatch(/<html lang="ar" dir="rtl"[\s\S]*تسجيل الدخول/);
    });

    it('theme: dark when asked, light by default and for junk; unknown params ignored', async () => {
      expect(await html(`${A}&theme=dark`)).toContain('data-theme="dark"');
      expect(await html(`${A}&theme=purple&foo=bar&lang=de&lang=fr&source=Nokia`)).toContain('<html lang="en" dir="ltr" data-theme="light">');
    });

    it('links and form actions carry the kept parameters and never the token', async () => {
      const page = await html(`${A}&lang=fr&theme=dark&source=iOS&partnerId=p7&gclid=g1&eventName=ev1&token=${TOKEN}&account=42`);
      const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1].replace(/&amp;/g, '&') ?? '';
      expect(Object.fromEntries(new URL(action, t.baseUrl).searchParams)).toEqual({
        lang: 'fr',
        theme: 'dark',
        source: 'iOS',
        brokerName: 'broker_a',
        partnerId: 'p7',
        gclid: 'g1',
        eventName: 'ev1',
      });
      expect(page).toContain('firstLogin=true');
      expect(page).not.toContain(TOKEN);
    });

    it('firstLogin=true shows the signup form with every field labelled', async () => {
      const page = await html(`${A}&firstLogin=true`);
      expect(page).toContain('<h1>Create your account</h1>');
      for (const id of ['email', 'password', 'firstName', 'country', 'language', 'agreement']) {
        expect(page).toMatch(new RegExp(`<label for="${id}">`));
        expect(page).toMatch(new RegExp(`id="${id}"`));
      }
    });

    it('branding: name, legal entity and jurisdiction in the footer', async () => {
      const page = await html(A);
      expect(page).toContain('Aurora Markets');
      expect(page).toMatch(/<footer class="legal">[\s\S]*Aurora Markets Ltd[\s\S]*Demo Financial Services Authority/);
      expect(await html(B)).toContain('<img class="brand-logo" src="https://cdn.borealis.example/logo.svg" alt="Borealis FX">');
    });
  });

  describe('error pages instead of JSON', () => {
    const page = async (path: string) => {
      const res = await get(path);
      return { status: res.status, type: res.headers.get('content-type'), html: await res.text(), res };
    };

    it('broker identification failures: 400, 401, 403 as translated pages', async () => {
      for (const [q, status] of [
        ['', 400],
        ['?brokerName=nobody', 401],
        ['?brokerName=broker_a&brokerCrmName=crm_b', 403],
      ] as const) {
        const p = await page(`/test-screens/form${q}${q ? '&' : '?'}lang=es`);
        expect([p.status, p.type]).toEqual([status, 'text/html; charset=utf-8']);
        expect(p.html).toContain('Esta página se abrió sin datos válidos del bróker.');
        expect(p.html).not.toContain('BROKER_ID');
      }
    });

    it('MODULE_DISABLED is a 404 page in the broker default language', async () => {
      const p = await page(`/test-screens-gated?${B}`);
      expect(p.status).toBe(404);
      expect(p.html).toContain('Diese Funktion ist nicht verfügbar.');
      expect((await page(`/test-screens-gated?${A}`)).status).toBe(200);
    });

    it('contract token errors, throttling (Retry-After kept) and crashes', async () => {
      const token = await page(`/test-screens/token-error?${A}`);
      expect(token.status).toBe(404);
      expect(token.html).toContain('This page can no longer be opened with this link.');
      const limited = await page(`/test-screens/throttled?${A}&lang=zh`);
      expect(limited.status).toBe(429);
      expect(limited.res.headers.get('retry-after')).toBe('60');
      expect(limited.html).toContain('尝试次数过多');
      const boom = await page(`/test-screens/boom?${A}`);
      expect(boom.status).toBe(500);
      expect(boom.html).toContain('Something went wrong on our side.');
      expect(boom.html).toMatch(/Reference: [0-9a-z-]+/);
      expect(boom.html).not.toMatch(/internal detail|at .*\.ts:\d+/);
      expect(t.logs.join('\n')).toContain('internal detail');
    });

    it('non-screen routes keep the JSON contract errors (and helmet headers)', async () => {
      const res = await get('/no/such/route');
      expect(res.status).toBe(404);
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
