import { request } from 'node:http';
import { buildConfig } from '../../src/config/config-loader';
import { ModuleKey } from '../../src/config/module-key';
import { http, startTestApp, TestApp } from '../support/test-app';
import { testBroker, testConfig } from '../support/test-config';
import { freshDatabase } from '../support/test-database';
import { recordSecret } from '../support/test-run-records';

/**
 * Security headers on every route (issue #12): Referrer-Policy no-referrer everywhere (screens carry tokens in
 * their URLs: a referrer must never leak one), nosniff, per-broker CSP frame-ancestors on screens, and — in
 * production mode behind a trusted proxy — HSTS on HTTPS and refusal of plain HTTP.
 */
describe('security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(
      testConfig({
        brokers: [
          testBroker('broker_a', 'crm_shared', [ModuleKey.FullSso], { frameAncestors: ['https://app.ctrader.example'] }),
          testBroker('broker_b', 'crm_shared', [ModuleKey.FullSso], { frameAncestors: ['https://web.other.example'] }),
        ],
        modules: [ModuleKey.FullSso],
      }),
    );
  });
  afterAll(() => t.close());

  it('every GET route answers with Referrer-Policy: no-referrer and nosniff', async () => {
    const routes = [...new Set([...t.logs.join('').matchAll(/Mapped \{([^,}]+), GET\} route/g)].map((m) => m[1]))];
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const res = await fetch(`${t.baseUrl}${route.replace(/:\w+/g, 'x')}?brokerName=broker_a&token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, {
        redirect: 'manual',
      });
      await res.arrayBuffer();
      expect({ route, referrer: res.headers.get('referrer-policy') }).toEqual({ route, referrer: 'no-referrer' });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it("screens allow framing only by the broker's configured origins", async () => {
    const a = await http(`${t.baseUrl}/auth/login?brokerName=broker_a`);
    const b = await http(`${t.baseUrl}/auth/login?brokerName=broker_b`);
    const frameAncestors = (csp: string | null) => /frame-ancestors ([^;]+)/.exec(csp ?? '')?.[1];
    expect(frameAncestors(a.headers.get('content-security-policy'))).toContain('https://app.ctrader.example');
    expect(frameAncestors(a.headers.get('content-security-policy'))).not.toContain('https://web.other.example');
    expect(frameAncestors(b.headers.get('content-security-policy'))).toContain('https://web.other.example');
    expect(a.headers.get('content-security-policy')).toMatch(/script-src 'none'|script-src 'self'/);
  });
});

describe('production mode behind a trusted proxy', () => {
  let t: TestApp;

  beforeAll(async () => {
    const db = freshDatabase();
    const broker = testBroker('broker_a', 'crm_shared', [ModuleKey.FullSso]);
    recordSecret('a-real-looking-manager-password');
    t = await startTestApp(
      buildConfig(
        {
          server: { port: 0, host: '127.0.0.1', baseUrl: 'https://crm.example.com', production: true, trustedProxies: ['127.0.0.1'] },
          database: { url: db.url, schema: db.schema },
          logLevel: 'debug',
          // Production refuses the outbox transport (issue #17).
          mail: { transport: 'smtp', smtp: { host: '127.0.0.1', port: 9 } },
          modules: [ModuleKey.FullSso],
          brokers: [
            {
              ...broker,
              hosts: ['crm.broker-a.example'],
              // Production refuses loopback (demo/simulator) URLs in broker settings.
              ctraderWebUrl: 'https://ct-web.example.com',
              ctrader: { ...broker.ctrader, url: 'https://ct.example.com:5000', managerPassword: { env: 'CT_PASSWORD' } },
            },
          ],
        },
        { CT_PASSWORD: 'a-real-looking-manager-password' },
      ),
    );
  });
  afterAll(() => t.close());

  it('sends HSTS over HTTPS, redirects plain GETs and refuses plain POSTs (contract §1.1, 6.1.8)', async () => {
    const https = await http(`${t.baseUrl}/auth/login?brokerName=broker_a`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.status).toBe(200);
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=31536000; includeSubDomains/);
    const plainGet = await fetch(`${t.baseUrl}/auth/login?brokerName=broker_a`, { redirect: 'manual' });
    expect(plainGet.status).toBe(308);
    expect(plainGet.headers.get('location')).toMatch(/^https:\/\//);
    const plainPost = await http(`${t.baseUrl}/oauth2/crmApiToken?brokerName=broker_a&brokerCrmName=crm_shared`, { method: 'POST', json: { password: 'x' } });
    expect(plainPost.status).toBe(403);
    expect(plainPost.body.code).toBe('HTTPS_REQUIRED');
    // Health and metrics stay reachable over plain HTTP inside the network (load balancer, Prometheus).
    expect((await http(`${t.baseUrl}/health/live`)).status).toBe(200);
  });

  it('builds the HTTPS redirect from server.baseUrl, never from a forged Host or X-Forwarded-Host (issue #17)', async () => {
    const forged = await plainGet('/auth/login?brokerName=broker_a', { host: 'evil.example' });
    expect(forged).toEqual({ status: 308, location: 'https://crm.example.com/auth/login?brokerName=broker_a' });
    const viaProxy = await plainGet('/auth/login?brokerName=broker_a', { host: 'crm.example.com', 'x-forwarded-host': 'evil.example' });
    expect(viaProxy.location).toBe('https://crm.example.com/auth/login?brokerName=broker_a');
    // A host a broker is configured for (host-mapped white label) keeps its own host.
    expect((await plainGet('/auth/login', { host: 'crm.broker-a.example:80' })).location).toBe('https://crm.broker-a.example/auth/login');
  });

  /** A plain GET with headers fetch would not let us forge (Host). */
  function plainGet(path: string, headers: Record<string, string>): Promise<{ status: number; location: string | undefined }> {
    const { port } = new URL(t.baseUrl);
    return new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
      })
        .on('error', reject)
        .end();
    });
  }
});
