import { inspect } from 'node:util';
import { ScreenTranslator } from './i18n/screen-translator.service';
import { resolveScreenLanguage } from './i18n/screen-languages';
import { ScreenContext } from './screen-context';
import { parseScreenQuery } from './screen-query';

const translator = new ScreenTranslator();
const TOKEN = 'tok_' + 'A'.repeat(40);

function ctx(query: Record<string, unknown>, opts: { basePath?: string; path?: string; brokerDefault?: string } = {}) {
  const q = parseScreenQuery(query);
  const lang = resolveScreenLanguage(q.lang, opts.brokerDefault);
  return new ScreenContext({ query: q, lang, t: translator.translator(lang), basePath: opts.basePath ?? '', path: opts.path ?? '/auth/login' });
}

const params = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('parseScreenQuery (spec §2.1)', () => {
  it('reads every documented parameter', () => {
    const q = parseScreenQuery({
      lang: 'de',
      theme: 'dark',
      source: 'iOS',
      firstLogin: 'true',
      partnerId: 'p-42',
      token: TOKEN,
      account: '1234567',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'spring sale',
      utm_term: 'forex',
      gclid: 'Cj0KCQ',
      eventName: 'signup_open',
      brokerName: 'broker_a',
      brokerCrmName: 'crm_a',
    });
    expect(q).toEqual({
      lang: 'de',
      theme: 'dark',
      source: 'iOS',
      firstLogin: true,
      partnerId: 'p-42',
      token: TOKEN,
      account: '1234567',
      attribution: { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring sale', utm_term: 'forex', gclid: 'Cj0KCQ' },
      eventName: 'signup_open',
      brokerName: 'broker_a',
      brokerCrmName: 'crm_a',
    });
  });

  it('ignores unknown parameters and never throws on junk', () => {
    expect(() => parseScreenQuery({ foo: 'bar', __proto__: { x: 1 } })).not.toThrow();
    for (const raw of [undefined, null, 'str', 42, [], { lang: {} }, { theme: ['dark', 'light'] }]) {
      expect(() => parseScreenQuery(raw)).not.toThrow();
    }
  });

  it('falls back on invalid values instead of failing', () => {
    const q = parseScreenQuery({
      theme: 'purple',
      source: 'Symbian',
      firstLogin: 'maybe',
      partnerId: 'a b',
      token: 'short',
      account: '12ab',
      eventName: '1bad',
      brokerName: 'x y',
      utm_source: 'a\u0000b',
      lang: 'english!',
    });
    expect(q).toEqual({
      attribution: {},
      lang: undefined,
      theme: undefined,
      source: undefined,
      firstLogin: undefined,
      partnerId: undefined,
      token: undefined,
      account: undefined,
      eventName: undefined,
      brokerName: undefined,
      brokerCrmName: undefined,
    });
  });

  it('accepts a token of any URL-safe format (a JWT, a UUID, base64url); refuses only absurd lengths or other characters', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    for (const token of [jwt, '2f0ce93f-01d4-4c9a-b72e-04d95575c9af', 'A'.repeat(43), 'a~b.c_d-e', 'x'.repeat(4096)]) {
      expect(parseScreenQuery({ token }).token).toBe(token);
    }
    for (const token of ['short', 'x'.repeat(4097), 'has space in it', 'a+b/c=d=', '<script>x</script>']) {
      expect(parseScreenQuery({ token }).token).toBeUndefined();
    }
  });

  it('treats a repeated parameter as absent, normalises case where harmless', () => {
    expect(parseScreenQuery({ theme: ['dark', 'dark'] }).theme).toBeUndefined();
    expect(parseScreenQuery({ theme: 'DARK', source: 'android', firstLogin: 'FALSE' })).toMatchObject({ theme: 'dark', source: 'Android', firstLogin: false });
  });
});

describe('ScreenContext', () => {
  it('defaults to light, English, login first', () => {
    const c = ctx({});
    expect([c.theme, c.lang, c.dir, c.firstLogin]).toEqual(['light', 'en', 'ltr', false]);
  });

  it('resolves lang: supported → itself, region tags → primary, unsupported → broker default → en', () => {
    expect(ctx({ lang: 'es' }).lang).toBe('es');
    expect(ctx({ lang: 'zh-CN' }).lang).toBe('zh');
    expect(ctx({ lang: 'DE' }).lang).toBe('de');
    expect(ctx({ lang: 'xx' }, { brokerDefault: 'fr' }).lang).toBe('fr');
    expect(ctx({}, { brokerDefault: 'de' }).lang).toBe('de');
    expect(ctx({ lang: 'xx' }, { brokerDefault: 'pt' }).lang).toBe('en');
    expect(ctx({ lang: 'ar' }).dir).toBe('rtl');
  });

  it('translates in its language with English fallback for a missing key', () => {
    expect(ctx({ lang: 'de' }).t('login.submit')).toBe('Anmelden');
    const t = new ScreenTranslator();
    t.addTranslations({ en: { test: { onlyEnglish: 'Only in English' } } });
    expect(t.translator('fr')('test.onlyEnglish')).toBe('Only in English');
  });

  it('hides the token from serialisation and inspection', () => {
    const c = ctx({ token: TOKEN });
    expect(c.token).toBe(TOKEN);
    expect(JSON.stringify(c)).not.toContain(TOKEN);
    expect(inspect(c, { depth: 5 })).not.toContain(TOKEN);
    expect(Object.values(c).map(String).join(' ')).not.toContain(TOKEN);
  });
});

describe('ScreenContext.carry()', () => {
  const full = {
    lang: 'fr',
    theme: 'dark',
    source: 'Android',
    firstLogin: 'true',
    partnerId: 'p1',
    token: TOKEN,
    account: '99',
    utm_source: 's',
    utm_medium: 'm',
    utm_campaign: 'c',
    utm_term: 't',
    gclid: 'g',
    eventName: 'ev_in',
    brokerName: 'broker_a',
    brokerCrmName: 'crm_a',
    unknown: 'x',
    t: 'reset-secret',
  };

  it('keeps exactly lang, theme, source, broker ids, partnerId, utm_*, gclid and eventName', () => {
    expect(params(ctx(full).carry('/account/create'))).toEqual({
      lang: 'fr',
      theme: 'dark',
      source: 'Android',
      brokerName: 'broker_a',
      brokerCrmName: 'crm_a',
      partnerId: 'p1',
      utm_source: 's',
      utm_medium: 'm',
      utm_campaign: 'c',
      utm_term: 't',
      gclid: 'g',
      eventName: 'ev_in',
    });
  });

  it('never carries the token, even when asked to', () => {
    const url = ctx(full).carry('/inapp/deposit?token=abc', { token: 'x', t: 'y', account: '99' });
    expect(url).not.toMatch(/[?&](token|t)=/);
    expect(params(url).account).toBe('99');
  });

  it('adds, overrides and removes with extra; prefixes the base path', () => {
    const c = ctx(full, { basePath: '/cid' });
    const url = c.carry('/auth/login', { firstLogin: false, theme: 'light', partnerId: null });
    expect(url.startsWith('/cid/auth/login?')).toBe(true);
    expect(params(url)).toMatchObject({ firstLogin: 'false', theme: 'light' });
    expect(params(url).partnerId).toBeUndefined();
  });

  it('carries the resolved language, and nothing for parameters that were absent', () => {
    expect(ctx({ lang: 'xx' }, { brokerDefault: 'de' }).carry('/a')).toBe('/a?lang=de');
    expect(ctx({}).carry('/a')).toBe('/a');
    expect(ctx({ theme: 'purple' }).carry('/a')).toBe('/a');
  });

  it('refuses anything but an app-relative path (no open redirect)', () => {
    const c = ctx({});
    for (const bad of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'relative', '/a b', '/x#frag', '']) {
      expect(() => c.carry(bad)).toThrow();
    }
  });

  it('self() is the current screen without its token', () => {
    expect(ctx({ token: TOKEN, lang: 'es', account: '7' }, { path: '/inapp/deposit' }).self({ account: '7' })).toBe('/inapp/deposit?lang=es&account=7');
  });

  it('eventNameFor(): the configured name for the step, else the incoming one', () => {
    const c = ctx({ eventName: 'incoming_ev' });
    expect(c.eventNameFor('signup', { signup: 'broker_signup' })).toBe('broker_signup');
    expect(c.eventNameFor('deposit', { signup: 'broker_signup' })).toBe('incoming_ev');
    expect(c.eventNameFor('signup')).toBe('incoming_ev');
    expect(c.eventNameFor('signup', { signup: 'not valid!' })).toBe('incoming_ev');
    expect(ctx({}).eventNameFor('signup')).toBeUndefined();
    expect(params(c.carry('/account/create', { eventName: c.eventNameFor('accountCreate', { accountCreate: 'acc_open' }) })).eventName).toBe('acc_open');
  });
});
