import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { BrokerIdentificationGuard } from '../../src/kernel/broker-identification/broker-identification.guard';
import { REQUIRED_MODULE } from '../../src/kernel/broker-identification/requires-module.decorator';
import { DirectRouteRegistry } from '../../src/kernel/direct-routes';
import { CrmApiTokenGuard } from '../../src/modules/full-sso/api/crm-api-token.guard';
import { CtraderApiController } from '../../src/modules/full-sso/api/ctrader-api.controller';
import { loginToken, seedUser } from '../support/seed';
import { http, startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD, testConfig } from '../support/test-config';
import { expectErrorBody } from '../support/error-body';

/**
 * The hot cTrader routes (4.2–4.4) are served by direct handlers (kernel/direct-routes, issue #11). These tests
 * pin what that replacement must keep: the same guards as the controller declares, the base path, one request
 * line per request with the usual redaction, and the contract's answers.
 */
describe('direct routes: 4.2–4.4 outside Nest’s per-request pipeline', () => {
  let t: TestApp;
  let registry: DirectRouteRegistry;
  let crmApiToken: string;

  beforeAll(async () => {
    t = await startTestApp(testConfig({ server: { port: 0, host: '127.0.0.1', baseUrl: 'http://127.0.0.1', basePath: '/crm' } }));
    registry = t.app.get(DirectRouteRegistry);
    const r = await http(`${t.baseUrl}/oauth2/crmApiToken?brokerName=broker_a&brokerCrmName=crm_shared`, {
      method: 'POST',
      json: { password: TEST_CRM_PASSWORD },
    });
    crmApiToken = r.body.crmApiToken;
  });
  afterAll(() => t.close());

  it('adopts exactly 4.2, 4.3 and 4.4 under the base path; 4.1 and 4.5 stay on the ordinary pipeline', () => {
    expect([...registry.adopted].sort()).toEqual(['POST /crm/oauth2/authorize', 'POST /crm/oauth2/onetime/authorize', 'POST /crm/oauth2/onetime/generate']);
  });

  it('each direct route replaces exactly the guards, module gate and body DTO its controller method declares', () => {
    const proto = CtraderApiController.prototype as unknown as Record<string, unknown>;
    const classPath = Reflect.getMetadata(PATH_METADATA, CtraderApiController) as string;
    const classGuards = (Reflect.getMetadata(GUARDS_METADATA, CtraderApiController) ?? []) as unknown[];
    for (const route of registry.list()) {
      const name = Object.getOwnPropertyNames(proto).find(
        (m) =>
          typeof proto[m] === 'function' &&
          Reflect.getMetadata(METHOD_METADATA, proto[m] as object) === RequestMethod[route.method] &&
          `/${classPath}/${Reflect.getMetadata(PATH_METADATA, proto[m] as object)}` === route.path,
      );
      expect(name).toBeDefined();
      const handler = proto[name!] as object;
      const guards = [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[])];
      // resolveBroker + module gate, then route.authenticate (the crmApiToken check): nothing more, nothing less.
      expect(guards).toEqual([BrokerIdentificationGuard, CrmApiTokenGuard]);
      expect(Reflect.getMetadata(REQUIRED_MODULE, handler) ?? Reflect.getMetadata(REQUIRED_MODULE, CtraderApiController)).toBe(route.module);
      expect((Reflect.getMetadata('design:paramtypes', proto, name!) as unknown[])[1]).toBe(route.body);
    }
  });

  it('answers 4.2 → 4.3 → 4.4 through the base path and writes one redacted request line per request', async () => {
    const user = await seedUser(t.app, 'broker_a');
    const code = await loginToken(t.app, 'broker_a', user.id, true);
    const q = `brokerName=broker_a&crmApiToken=${crmApiToken}`;
    const exchanged = await http(`${t.baseUrl}/oauth2/onetime/authorize?${q}`, {
      method: 'POST',
      json: { code },
      headers: { 'x-request-id': 'direct-exchange-1' },
    });
    expect(exchanged.status).toBe(200);
    expect(exchanged.headers.get('x-request-id')).toBe('direct-exchange-1');
    const validated = await http(`${t.baseUrl}/oauth2/authorize?${q}`, { method: 'POST', json: { accessToken: exchanged.body.accessToken } });
    expect(validated.body).toEqual({ userId: user.ctidUserId, inappToken: exchanged.body.inappToken });
    const generated = await http(`${t.baseUrl}/oauth2/onetime/generate?${q}&inappToken=${exchanged.body.inappToken}`, {
      method: 'POST',
      json: { userId: user.ctidUserId },
    });
    expect(generated.status).toBe(200);
    expect(generated.body).toEqual({ token: expect.any(String) });
    // Security headers from the Fastify hooks every route has.
    expect(generated.headers.get('x-content-type-options')).toBe('nosniff');

    // The access log line, as for every route: one, with the route template and never the token of the query.
    const lines = t.logs.filter((l) => l.includes('"direct-exchange-1"'));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 30, method: 'POST', route: '/crm/oauth2/onetime/authorize', status: 200, broker: 'broker_a' });
    expect(lines[0]).not.toContain(crmApiToken);
  });

  it('failures keep their contract answers and are logged at warn', async () => {
    const q = `brokerName=broker_a&crmApiToken=${crmApiToken}`;
    const malformed = await http(`${t.baseUrl}/oauth2/authorize?${q}`, {
      method: 'POST',
      json: { accessToken: 42 },
      headers: { 'x-request-id': 'direct-bad-1' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_REQUEST');
    const badAuth = await http(`${t.baseUrl}/oauth2/authorize?brokerName=broker_a&crmApiToken=nope`, { method: 'POST', json: { accessToken: 'x'.repeat(43) } });
    expectErrorBody(badAuth.body, 403, 'CH_CLIENT_AUTH_FAILURE');
    const disabled = await http(`${t.baseUrl}/oauth2/authorize?brokerName=broker_c&crmApiToken=${crmApiToken}`, {
      method: 'POST',
      json: { accessToken: 'x'.repeat(43) },
    });
    expect(disabled.body.code).toBe('MODULE_DISABLED');
    const noBroker = await http(`${t.baseUrl}/oauth2/authorize`, { method: 'POST', json: {} });
    expect(noBroker.body.code).toBe('BROKER_ID_MISSING');
    const line = JSON.parse(t.logs.find((l) => l.includes('"direct-bad-1"'))!);
    expect(line).toMatchObject({ level: 40, route: '/crm/oauth2/authorize', status: 400, broker: 'broker_a' });
  });
});
