import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../../config/app-config';
import { ScreenCookiePolicy, screenCookieName } from './screen-cookie-policy';

const policy = (production: boolean) => new ScreenCookiePolicy({ server: { production } } as AppConfig);
const req = (protocol: 'http' | 'https', hostname: string) => ({ protocol, hostname }) as FastifyRequest;

describe('ScreenCookiePolicy', () => {
  it('SameSite=None; Secure; Partitioned wherever the browser accepts Secure (https, loopback, production)', () => {
    const framed = { path: '/', httpOnly: true, secure: true, sameSite: 'none', partitioned: true };
    expect(policy(false).attributes(req('https', 'crm.example'))).toEqual(framed);
    for (const host of ['localhost', '127.0.0.1', '[::1]']) expect(policy(false).attributes(req('http', host))).toEqual(framed);
    expect(policy(true).attributes(req('http', 'crm.example'))).toEqual(framed);
  });

  it('plain http to another host: SameSite=Lax without Secure (browsers would drop a Secure cookie)', () => {
    expect(policy(false).attributes(req('http', 'crm.lan.example'))).toEqual({ path: '/', httpOnly: true, secure: false, sameSite: 'lax' });
  });

  it('production names carry the __Host- prefix', () => {
    expect(policy(true).name('sid-sso.broker_a')).toBe('__Host-sid-sso.broker_a');
    expect(policy(false).name('sid-sso.broker_a')).toBe('sid-sso.broker_a');
    expect(screenCookieName('csrf', true)).toBe('__Host-csrf');
  });
});
