import { randomBytes } from 'node:crypto';
import Fastify, { FastifyInstance } from 'fastify';
import { CtraderAppClient } from '../../src/simulator';
import { SimHarness, startSimulator } from './simulator-test-kit';

const BROKER_PASSWORD = 'crm-api-password';

/** The smallest broker server that answers 4.1-4.5 the way the contract says, recording what it received. */
async function startFakeBroker() {
  const issued = new Set<string>();
  const codes = new Map<string, Record<string, unknown>>([
    ['code-keep', { userId: 1000001, accessToken: 'access-1', inappToken: 'inapp-1' }],
    ['code-plain', { userId: 1000002, inappToken: 'inapp-2' }],
  ]);
  const received: { path: string; query: Record<string, string>; body: unknown }[] = [];
  const app: FastifyInstance = Fastify();
  const authFailure = { error: 'Forbidden', message: 'bad credentials', code: 'CH_CLIENT_AUTH_FAILURE' };
  const authorised = (query: Record<string, string>) => issued.has(query.crmApiToken);
  // cTrader sends Content-Type: application/json on every call, 4.5 (no body) included: a broker must read an
  // empty JSON body as none (Fastify's default parser would answer 400).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, text === '' ? undefined : JSON.parse(text as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });

  app.addHook('preHandler', async (request) => {
    received.push({ path: request.url.split('?')[0], query: request.query as Record<string, string>, body: request.body ?? null });
  });
  app.post<{ Body: { password?: string } }>('/oauth2/crmApiToken', async (request, reply) => {
    if (request.body?.password !== BROKER_PASSWORD) return reply.code(403).send(authFailure);
    const token = randomBytes(32).toString('base64url');
    issued.add(token);
    return { crmApiToken: token };
  });
  app.post<{ Body: { code: string }; Querystring: Record<string, string> }>('/oauth2/onetime/authorize', async (request, reply) => {
    if (!authorised(request.query)) return reply.code(403).send(authFailure);
    const grant = codes.get(request.body.code);
    if (!grant) return reply.code(404).send({ error: 'Not Found', message: 'unknown token', code: 'TOKEN_NOT_FOUND' });
    codes.delete(request.body.code);
    return grant;
  });
  app.post<{ Body: { accessToken: string }; Querystring: Record<string, string> }>('/oauth2/authorize', async (request, reply) => {
    if (!authorised(request.query)) return reply.code(403).send(authFailure);
    if (request.body.accessToken !== 'access-1') return reply.code(404).send({ error: 'Not Found', message: 'x', code: 'TOKEN_NOT_FOUND' });
    return { userId: 1000001, inappToken: 'inapp-1' };
  });
  app.post<{ Body: { userId: number }; Querystring: Record<string, string> }>('/oauth2/onetime/generate', async (request, reply) => {
    if (!authorised(request.query)) return reply.code(403).send(authFailure);
    return { token: `ot-${request.body.userId}` };
  });
  app.post<{ Querystring: Record<string, string> }>('/oauth2/logout', async (request, reply) => {
    if (!authorised(request.query)) return reply.code(403).send(authFailure);
    return reply.code(200).send();
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, issued, codes, received };
}

describe('cTrader simulator: app side against a broker server', () => {
  let h: SimHarness;
  let broker: Awaited<ReturnType<typeof startFakeBroker>>;
  const target = () => ({ baseUrl: broker.url, password: BROKER_PASSWORD, brokerName: 'broker_a', brokerCrmName: 'crm_a' });

  beforeEach(async () => {
    broker = await startFakeBroker();
    h = await startSimulator();
  });

  afterEach(async () => {
    await h.close();
    await broker.app.close();
  });

  describe('CtraderAppClient', () => {
    it('4.1 authenticates with broker ids in the query and the password in the body', async () => {
      const client = new CtraderAppClient(target());
      const res = await client.authenticate();
      expect(res.status).toBe(200);
      expect(client.isAuthenticated).toBe(true);
      expect(broker.received[0]).toEqual({
        path: '/oauth2/crmApiToken',
        query: { brokerName: 'broker_a', brokerCrmName: 'crm_a' },
        body: { password: BROKER_PASSWORD },
      });
    });

    it('authenticates on first use, then 4.2/4.3/4.4/4.5 carry the crmApiToken', async () => {
      const client = new CtraderAppClient({ ...target(), baseUrl: `${broker.url}/` });
      const exchanged = await client.exchange('code-keep');
      expect(exchanged).toEqual({ status: 200, body: { userId: 1000001, accessToken: 'access-1', inappToken: 'inapp-1' } });
      expect((await client.exchange('code-keep')).status).toBe(404);
      expect(await client.validate('access-1')).toEqual({ status: 200, body: { userId: 1000001, inappToken: 'inapp-1' } });
      expect(await client.generate(1000001, 'inapp-1')).toEqual({ status: 200, body: { token: 'ot-1000001' } });
      expect(await client.logout(1000001, 'access-1')).toEqual({ status: 200, body: null });
      expect(broker.received.map((r) => r.path)).toEqual([
        '/oauth2/crmApiToken',
        '/oauth2/onetime/authorize',
        '/oauth2/onetime/authorize',
        '/oauth2/authorize',
        '/oauth2/onetime/generate',
        '/oauth2/logout',
      ]);
      const [, authorize, , , generate, logout] = broker.received;
      expect(authorize.query).toEqual({ brokerName: 'broker_a', brokerCrmName: 'crm_a', crmApiToken: expect.any(String) });
      expect(authorize.body).toEqual({ code: 'code-keep' });
      expect(generate.query.inappToken).toBe('inapp-1');
      expect(generate.body).toEqual({ userId: 1000001 });
      expect(logout.query).toMatchObject({ userId: '1000001', accessToken: 'access-1' });
      expect(logout.body).toBeNull();
    });

    it('re-authenticates once when the broker forgot its crmApiToken', async () => {
      const client = new CtraderAppClient(target());
      await client.authenticate();
      broker.issued.clear();
      expect((await client.validate('access-1')).status).toBe(200);
      expect(broker.received.filter((r) => r.path === '/oauth2/crmApiToken')).toHaveLength(2);
      broker.issued.clear();
      const strict = new CtraderAppClient({ ...target(), reauthenticateOnAuthFailure: false });
      await strict.authenticate();
      broker.issued.clear();
      expect((await strict.validate('access-1')).body).toMatchObject({ code: 'CH_CLIENT_AUTH_FAILURE' });
    });

    it('returns the 4.1 failure when the password is wrong', async () => {
      const client = new CtraderAppClient({ ...target(), password: 'wrong' });
      const res = await client.exchange('code-keep');
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'CH_CLIENT_AUTH_FAILURE' });
      expect(broker.received.map((r) => r.path)).toEqual(['/oauth2/crmApiToken']);
    });
  });

  describe('/__sim/app/* helpers', () => {
    it('refuse to work before a broker server is configured', async () => {
      const res = await h.request('POST', '/__sim/app/authenticate', { token: null });
      expect(res.status).toBe(409);
      expect(res.body.errorCode).toBe('BROKER_SERVER_NOT_CONFIGURED');
    });

    it('proxy 4.1-4.5 through the configured client', async () => {
      h.sim.configureBrokerServer(target());
      const post = (path: string, body?: unknown) => h.request('POST', `/__sim/app/${path}`, { token: null, body });
      expect((await post('authenticate')).body).toEqual({ status: 200, body: { crmApiToken: expect.any(String) } });
      expect((await post('exchange', { code: 'code-plain' })).body).toEqual({ status: 200, body: { userId: 1000002, inappToken: 'inapp-2' } });
      expect((await post('validate', { accessToken: 'nope' })).body).toMatchObject({ status: 404, body: { code: 'TOKEN_NOT_FOUND' } });
      expect((await post('generate', { userId: 1000002, inappToken: 'inapp-2' })).body).toEqual({ status: 200, body: { token: 'ot-1000002' } });
      expect((await post('logout', { userId: 1000002 })).body).toEqual({ status: 200, body: null });
      expect((await post('exchange', {})).status).toBe(400);
    });

    it('can be configured over HTTP and report an unreachable broker', async () => {
      const configured = await h.request('PUT', '/__sim/app/broker-server', { token: null, body: target() });
      expect(configured.body).toEqual({ brokerName: 'broker_a', brokerCrmName: 'crm_a' });
      await broker.app.close();
      const res = await h.request('POST', '/__sim/app/authenticate', { token: null });
      expect(res.status).toBe(502);
      expect(res.body.errorCode).toBe('BROKER_SERVER_UNREACHABLE');
    });
  });

  describe('cTrader Web page', () => {
    const statusElement = (html: string) => /<p id="ctweb-status"[^>]*>[^<]*<\/p>/.exec(html)?.[0] ?? '';

    it('exchanges the token through 4.2 and shows the user and account', async () => {
      h.sim.configureBrokerServer(target());
      const res = await fetch(`${h.url}/ctrader-web?token=code-keep&account=5000001&lang=en&theme=dark`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await res.text();
      const element = statusElement(html);
      expect(element).toContain('data-status="authorised"');
      expect(element).toContain('data-user-id="1000001"');
      expect(element).toContain('data-account="5000001"');
      expect(element).toContain('data-theme="dark"');
      expect(element).toContain('Logged in as user 1000001');
      expect(html).not.toContain('code-keep');
      expect(h.sim.state.listWebSessions()).toEqual([
        expect.objectContaining({ userId: 1000001, account: '5000001', lang: 'en', theme: 'dark', hasAccessToken: true, hasInappToken: true }),
      ]);
    });

    it('shows the error code on failure (never the token), also under /__sim/ctrader-web', async () => {
      h.sim.configureBrokerServer(target());
      await fetch(`${h.url}/ctrader-web?token=code-plain`);
      const html = await (await fetch(`${h.url}/__sim/ctrader-web?token=code-plain&account=%3Cscript%3Ex%3C%2Fscript%3E`)).text();
      const element = statusElement(html);
      expect(element).toContain('data-status="error"');
      expect(element).toContain('data-error-code="TOKEN_NOT_FOUND"');
      expect(element).toContain('TOKEN_NOT_FOUND');
      expect(html).not.toContain('code-plain');
      expect(html).not.toContain('<script>');
      const missing = statusElement(await (await fetch(`${h.url}/ctrader-web`)).text());
      expect(missing).toContain('data-error-code="TOKEN_MISSING"');
    });

    it('says when no broker server is configured', async () => {
      const html = await (await fetch(`${h.url}/ctrader-web?token=abc`)).text();
      expect(statusElement(html)).toContain('data-error-code="BROKER_SERVER_NOT_CONFIGURED"');
    });
  });
});
