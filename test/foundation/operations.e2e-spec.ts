import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { http, startTestApp, TestApp } from '../support/test-app';
import { CtraderSimulator } from '../../src/simulator';
import { ctraderTestConfig, startSimulatorFor } from '../support/simulator-harness';
import { testConfig } from '../support/test-config';
import { expectErrorBody } from '../support/error-body';

describe('operations: health, metrics, docs, request ids, errors, logs', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  beforeAll(async () => {
    const config = ctraderTestConfig();
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });

  it('answers liveness and readiness; readiness details (which name every broker) only to an admin key (issue #17)', async () => {
    const live = await http(`${t.baseUrl}/health/live`);
    expect([live.status, live.body]).toEqual([200, { status: 'ok' }]);
    const anonymous = await http(`${t.baseUrl}/health/ready`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ status: 'ok' });
    const keys = t.app.get(AdminApiKeyService);
    const read = (await keys.create({ name: 'ops reader', role: 'read', brokers: '*' })).key;
    const ready = await http(`${t.baseUrl}/health/ready`, { headers: { authorization: `Bearer ${read}` } });
    expect(ready.status).toBe(200);
    expect(ready.body.info.database.status).toBe('up');
    expect(ready.body.info['ctrader:broker_a'].status).toBe('up');
    // A key scoped to some brokers sees only their checks.
    const scoped = (await keys.create({ name: 'ops b', role: 'read', brokers: ['broker_b'] })).key;
    const mine = await http(`${t.baseUrl}/health/ready`, { headers: { authorization: `Bearer ${scoped}` } });
    expect(Object.keys(mine.body.info).sort()).toEqual(['ctrader:broker_b', 'database']);
    // A wrong key is no key: the overall status only, never a 401 a load balancer would misread.
    const wrong = await http(`${t.baseUrl}/health/ready`, { headers: { authorization: 'Bearer not-a-key' } });
    expect([wrong.status, wrong.body]).toEqual([200, { status: 'ok' }]);
  });

  it('is not ready when a cTrader host does not answer; only an admin key learns which', async () => {
    const down = await startTestApp(testConfig());
    try {
      const ready = await http(`${down.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      expectErrorBody(ready.body, 503, 'SERVICE_UNAVAILABLE');
      const key = (await down.app.get(AdminApiKeyService).create({ name: 'ops', role: 'read', brokers: ['broker_a'] })).key;
      const detailed = await http(`${down.baseUrl}/health/ready`, { headers: { authorization: `Bearer ${key}` } });
      expect(detailed.status).toBe(503);
      expect(detailed.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(detailed.body.message).toMatch(/^Not ready: ctrader:broker_a \(/);
      expect(detailed.body.message).not.toMatch(/broker_b|broker_c/);
    } finally {
      await down.close();
    }
  });

  it('serves Swagger UI at /docs and the OpenAPI JSON at /docs-json', async () => {
    const ui = await http(`${t.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    const doc = await http(`${t.baseUrl}/docs-json`);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.paths['/admin/modules']).toBeDefined();
    expect(doc.body.paths['/admin/api-keys'].post.responses['403']).toBeDefined();
  });

  it('exposes Prometheus metrics with per-route request counts', async () => {
    await http(`${t.baseUrl}/health/live`);
    const m = await http(`${t.baseUrl}/metrics`);
    expect(m.status).toBe(200);
    expect(m.text).toMatch(/http_requests_total\{method="GET",route="\/health\/live",status="200"\} \d+/);
    expect(m.text).toContain('process_resident_memory_bytes');
  });

  it('echoes a sane request id and makes one up otherwise', async () => {
    const given = await http(`${t.baseUrl}/health/live`, { headers: { 'x-request-id': 'req-abc.123' } });
    expect(given.headers.get('x-request-id')).toBe('req-abc.123');
    const forged = await http(`${t.baseUrl}/health/live`, { headers: { 'x-request-id': '<script>' } });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed, oversized and wrongly typed bodies in the contract shape, never 5xx', async () => {
    const url = `${t.baseUrl}/admin/api-keys`;
    const malformed = await http(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' });
    expect(malformed.status).toBe(400);
    expectErrorBody(malformed.body, 400, 'INVALID_REQUEST');
    const huge = await http(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const wrongType = await http(url, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('never writes a token, password or Authorization header into the logs', async () => {
    const secrets = ['crm-token-SECRET-1', 'ot-code-SECRET-2', 'bearer-SECRET-3', 'password-SECRET-4'];
    await http(`${t.baseUrl}/modules/fullSso?brokerName=broker_a&crmApiToken=${secrets[0]}&code=${secrets[1]}`);
    await http(`${t.baseUrl}/admin/api-keys`, { method: 'POST', headers: { authorization: `Bearer ${secrets[2]}` }, json: { password: secrets[3] } });
    await http(`${t.baseUrl}/no-route?token=${secrets[0]}&password=${secrets[3]}`);
    await new Promise((r) => setTimeout(r, 50));
    const all = t.logs.join('');
    expect(all).toContain('/modules/fullSso');
    for (const s of secrets) expect(all).not.toContain(s);
  });
});

describe('configuration errors at boot', () => {
  it('exits non-zero listing every problem with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cbi-bad-config-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'database: { url: "mysql://nope" }',
        'modules: [fullSso, teleport]',
        'tokens: { crmApiTokenTtlDays: 2 }',
        'brokers:',
        '  - brokerName: "bad name"',
        '    brokerCrmName: crm',
        '    modules: [fullSso]',
        '    ctrader: { url: simulator, managerLogin: 1, managerPassword: plaintext }',
        '    branding: { name: B, legalEntity: B Ltd }',
      ].join('\n'),
    );
    const r = spawnSync(process.execPath, ['dist/src/main.js'], {
      env: { ...process.env, CONFIG_FILE: file, DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Invalid configuration \(\d+ problems\)/);
    for (const path of [
      'database.url',
      'modules:',
      'tokens.crmApiTokenTtlDays',
      'brokers[0].brokerName',
      'brokers[0].ctrader.managerPassword',
      'brokers[0].crmApiPasswords',
    ]) {
      expect(r.stderr).toContain(path);
    }
    expect(r.stderr).not.toContain('plaintext');
  });
});
