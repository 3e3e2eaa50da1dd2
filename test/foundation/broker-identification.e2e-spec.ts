import { ModuleKey } from '../../src/config/module-key';
import { http, startTestApp, TestApp } from '../support/test-app';
import { testBroker, testConfig } from '../support/test-config';
import { expectErrorBody } from '../support/error-body';

describe('BrokerIdentification guard and the two module gates (contract §1.2, ARCHITECTURE.md §2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(testConfig());
  });
  afterAll(() => t.close());

  const get = (path: string) => http(`${t.baseUrl}${path}`);

  it('serves a module route for a broker that has the module', async () => {
    const r = await get('/modules/fullSso?brokerName=broker_a&brokerCrmName=crm_shared');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ module: 'fullSso', brokerName: 'broker_a', enabled: true });
  });

  it('400 BROKER_ID_MISSING when no id can be resolved', async () => {
    const r = await get('/modules/fullSso');
    expect(r.status).toBe(400);
    expectErrorBody(r.body, 400, 'BROKER_ID_MISSING');
    expect(r.body.message).toBe('Required broker identification parameters missing'); // a message the contract itself fixes (spec §1.2)
  });

  it('401 BROKER_ID_INVALID for an unknown, differently cased or unsafe id', async () => {
    for (const q of ['brokerName=nobody', 'brokerName=Broker_A', 'brokerName=broker%20a', 'brokerName=broker_a&brokerCrmName=crm_unknown']) {
      const r = await get(`/modules/fullSso?${q}`);
      expect(r.status).toBe(401);
      expectErrorBody(r.body, 401, 'BROKER_ID_INVALID');
      expect(r.body.message).toBe('Invalid broker identification parameters'); // a message the contract itself fixes (spec §1.2)
    }
  });

  it('403 BROKER_ID_MISMATCH when the ids do not belong together', async () => {
    const r = await get('/modules/fullSso?brokerName=broker_c&brokerCrmName=crm_shared');
    expect(r.status).toBe(403);
    expectErrorBody(r.body, 403, 'BROKER_ID_MISMATCH');
    expect(r.body.message).toBe('Broker identification parameters do not match expected values'); // a message the contract itself fixes (spec §1.2)
  });

  it('routes a shared CRM by brokerName and refuses to guess between its brokers', async () => {
    expect((await get('/modules/fullSso?brokerName=broker_b&brokerCrmName=crm_shared')).body.brokerName).toBe('broker_b');
    expect((await get('/modules/fullSso?brokerCrmName=crm_shared')).body.code).toBe('BROKER_ID_MISSING');
  });

  it('broker gate: a module on for one broker and off for another answers per broker', async () => {
    expect((await get('/modules/inappActions?brokerName=broker_a')).status).toBe(200);
    const off = await get('/modules/inappActions?brokerName=broker_b');
    expect(off.status).toBe(404);
    expectErrorBody(off.body, 404, 'MODULE_DISABLED');
    expect((await get('/modules/lightIdentity?brokerName=broker_c')).status).toBe(200);
    expect((await get('/modules/lightIdentity?brokerName=broker_a')).body.code).toBe('MODULE_DISABLED');
  });

  it('unknown routes answer in the contract error shape', async () => {
    const r = await get('/no/such/route?token=abc');
    expect(r.status).toBe(404);
    expect(Object.keys(r.body).sort()).toEqual(['code', 'error', 'message']);
    expect(r.body.code).toBe('NOT_FOUND');
    expect(r.text).not.toContain('abc');
  });

  it('documents broker routes with their error responses', async () => {
    const doc = (await get('/docs-json')).body;
    const op = doc.paths['/modules/fullSso'].get;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
  });
});

describe('deployment gate: a module the deployment does not list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(
      testConfig({ modules: [ModuleKey.FullSso], brokers: [testBroker('solo', 'solo_crm', [ModuleKey.FullSso], { hosts: ['127.0.0.1'] })] }),
    );
  });
  afterAll(() => t.close());

  it('has no routes and is absent from /docs-json', async () => {
    const r = await http(`${t.baseUrl}/modules/inappControls?brokerName=solo`);
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('NOT_FOUND');
    const paths = Object.keys((await http(`${t.baseUrl}/docs-json`)).body.paths);
    expect(paths).toContain('/modules/fullSso');
    for (const key of Object.values(ModuleKey).filter((k) => k !== ModuleKey.FullSso)) {
      expect(paths.some((p) => p.includes(key))).toBe(false);
    }
  });

  it('resolves the broker from the host mapping when the request carries no ids', async () => {
    const r = await http(`${t.baseUrl}/modules/fullSso`);
    expect(r.status).toBe(200);
    expect(r.body.brokerName).toBe('solo');
  });
});
