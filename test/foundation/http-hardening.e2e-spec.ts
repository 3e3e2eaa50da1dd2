import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { seedUser } from '../support/seed';
import { http, startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD, testConfig } from '../support/test-config';
import { recordSecret } from '../support/test-run-records';

/**
 * The HTTP findings of the security review (issue #17): body media types (415 for anything but JSON on API
 * routes, forms on screens), an empty JSON body read as no body, credential headers and array-shaped token
 * parameters kept out of the request log on both logging paths (pino-http and the direct routes).
 */
describe('HTTP hardening (issue #17)', () => {
  let t: TestApp;
  let crmApiToken: string;
  let adminKey: string;
  const broker = 'brokerName=broker_a&brokerCrmName=crm_shared';

  beforeAll(async () => {
    t = await startTestApp(testConfig());
    const auth = await http(`${t.baseUrl}/oauth2/crmApiToken?${broker}`, { method: 'POST', json: { password: TEST_CRM_PASSWORD } });
    crmApiToken = auth.body.crmApiToken;
    adminKey = (await t.app.get(AdminApiKeyService).create({ name: 'hardening', role: 'write', brokers: ['*'] })).key;
  });
  afterAll(() => t.close());

  const raw = (path: string, contentType: string | undefined, body: string | undefined, headers: Record<string, string> = {}) =>
    http(`${t.baseUrl}${path}`, { method: 'POST', headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers }, body });

  describe('415 UNSUPPORTED_MEDIA_TYPE for a body that is not JSON', () => {
    it('text/plain on a Nest route (4.1), a direct route (4.2), an admin route and a callback', async () => {
      const routes = [
        `/oauth2/crmApiToken?${broker}`,
        `/oauth2/onetime/authorize?${broker}&crmApiToken=${crmApiToken}`,
        `/oauth2/authorize?${broker}&crmApiToken=${crmApiToken}`,
        `/inapp/payments/hosted/callback?brokerName=broker_a`,
      ];
      for (const path of routes) {
        const r = await raw(path, 'text/plain', JSON.stringify({ password: TEST_CRM_PASSWORD, code: 'x' }));
        expect({ path, status: r.status, code: r.body?.code }).toEqual({ path, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      }
      const admin = await raw('/admin/api-keys', 'text/plain', '{"name":"x","role":"read"}', { authorization: `Bearer ${adminKey}` });
      expect([admin.status, admin.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });

    it('a form post on a JSON API route (Nest and direct) is 415 too; 4.1 by form does not authenticate', async () => {
      const nest = await raw(`/oauth2/crmApiToken?${broker}`, 'application/x-www-form-urlencoded', `password=${TEST_CRM_PASSWORD}`);
      expect([nest.status, nest.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const direct = await raw(`/oauth2/authorize?${broker}&crmApiToken=${crmApiToken}`, 'application/x-www-form-urlencoded', 'accessToken=x');
      expect([direct.status, direct.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });

    it('screens still take form posts (the login form reaches its CSRF check, not a media-type refusal)', async () => {
      const r = await raw('/auth/login?brokerName=broker_a', 'application/x-www-form-urlencoded', 'email=a%40example.com&password=x');
      expect(r.status).not.toBe(415);
      expect(r.status).toBe(403);
      expect(r.text).toMatch(/<html/i);
    });
  });

  describe('an empty body with Content-Type: application/json is no body', () => {
    it('4.5 logout with the header and no body answers as without the header', async () => {
      const user = await seedUser(t.app, 'broker_a');
      const path = `/oauth2/logout?${broker}&crmApiToken=${crmApiToken}&userId=${user.ctidUserId}`;
      const withHeader = await raw(path, 'application/json', undefined);
      const without = await raw(path, undefined, undefined);
      expect(withHeader.status).toBe(200);
      expect(without.status).toBe(200);
      const alsoCharset = await raw(path, 'application/json; charset=utf-8', '');
      expect(alsoCharset.status).toBe(200);
    });

    it('4.1–4.4 with the header and no body answer their missing-parameter error (direct routes included)', async () => {
      const paths = [
        `/oauth2/crmApiToken?${broker}`,
        `/oauth2/onetime/authorize?${broker}&crmApiToken=${crmApiToken}`,
        `/oauth2/authorize?${broker}&crmApiToken=${crmApiToken}`,
        `/oauth2/onetime/generate?${broker}&crmApiToken=${crmApiToken}`,
      ];
      for (const path of paths) {
        const r = await raw(path, 'application/json', undefined);
        expect({ path, status: r.status, code: r.body?.code }).toEqual({ path, status: 400, code: 'MISSING_REQUIRED_PARAMETER' });
      }
    });

    it('a malformed JSON body is still 400 INVALID_REQUEST', async () => {
      const r = await raw(`/oauth2/crmApiToken?${broker}`, 'application/json', '{"password":');
      expect([r.status, r.body.code]).toEqual([400, 'INVALID_REQUEST']);
    });
  });

  describe('the request log carries no credential header or token parameter', () => {
    it('a rejected payment callback: neither x-payment-signature nor an API key reaches the log', async () => {
      const signature = 'sha256=' + 'ab'.repeat(32);
      recordSecret(signature);
      const r = await raw('/inapp/payments/hosted/callback?brokerName=broker_a', 'application/json', JSON.stringify({ paymentId: 'nope' }), {
        'x-payment-signature': signature,
        'x-api-key': 'api-key-value-1234',
      });
      expect(r.status).toBeGreaterThanOrEqual(400);
      // The request's line is the access log: the route template, no URL, no header at all.
      const line = t.logs.find((l) => l.includes('"route":"/inapp/payments/hosted/callback"'));
      expect(line).toBeDefined();
      expect(line).not.toContain('x-payment-signature');
      expect(t.logs.join('')).not.toContain(signature);
      expect(t.logs.join('')).not.toContain('api-key-value-1234');
    });

    it('repeated and array-shaped crmApiToken parameters never reach the log (direct route path)', async () => {
      const secrets = ['rep-token-one-1111', 'rep-token-two-2222', 'arr-token-3333', 'idx-token-4444'];
      secrets.forEach(recordSecret);
      const r = await raw(
        `/oauth2/authorize?${broker}&crmApiToken=${secrets[0]}&crmApiToken=${secrets[1]}&crmApiToken[]=${secrets[2]}&token[0]=${secrets[3]}`,
        'application/json',
        JSON.stringify({ accessToken: 'x' }),
      );
      expect(r.status).toBeGreaterThanOrEqual(400);
      const lines = t.logs.filter((l) => l.includes('"route":"/oauth2/authorize"'));
      expect(lines.length).toBeGreaterThan(0);
      const all = t.logs.join('');
      for (const s of secrets) expect(all).not.toContain(s);
      expect(all).not.toContain('crmApiToken[]=');
    });
  });
});
