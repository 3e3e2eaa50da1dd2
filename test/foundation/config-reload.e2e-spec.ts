import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config-loader';
import { ModuleKey } from '../../src/config/module-key';
import { AuditService } from '../../src/kernel/audit/audit.service';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { hashPasswordSync } from '../../src/lib/crypto/password-hash';
import { expectErrorBody } from '../support/error-body';
import { http, startTestApp, TestApp } from '../support/test-app';
import { freshDatabase } from '../support/test-database';
import { testBroker, TEST_CRM_PASSWORD } from '../support/test-config';
import { recordSecret } from '../support/test-run-records';

const NEW_CRM_PASSWORD = 'rotated-crm-password-2';
recordSecret(NEW_CRM_PASSWORD);
const OLD_HASH = hashPasswordSync(TEST_CRM_PASSWORD);
const NEW_HASH = hashPasswordSync(NEW_CRM_PASSWORD);

/**
 * Changes without restarts (issue #18): POST /admin/config/reload re-reads the config file the process booted from and
 * applies it whole, or not at all. Every request below runs against one process that is never restarted.
 */
describe('config reload: new requests see the new brokers, branding and 4.1 hashes', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cbi-reload-')), 'config.yaml');
  const db = freshDatabase();
  let t: TestApp;
  let adminKey: string;

  const broker = (brokerName: string, extra: Record<string, unknown> = {}) =>
    testBroker(brokerName, 'crm_shared', [ModuleKey.FullSso], { crmApiPasswords: [OLD_HASH], ...extra });
  /** The config file (JSON is YAML) as an operator edits it. */
  const writeConfig = (brokers: unknown[], extra: Record<string, unknown> = {}) =>
    writeFileSync(
      file,
      JSON.stringify({
        server: { port: 0, host: '127.0.0.1', baseUrl: 'http://127.0.0.1' },
        database: { url: db.url, ...(db.schema ? { schema: db.schema } : {}) },
        logLevel: 'debug',
        modules: [ModuleKey.FullSso],
        brokers,
        ...extra,
      }),
    );
  const read = () => loadConfig({ file, env: {} });
  const reload = (key = adminKey) => http(`${t.baseUrl}/admin/config/reload`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
  const crmToken = (brokerName: string, password: string) =>
    http(`${t.baseUrl}/oauth2/crmApiToken?brokerName=${brokerName}&brokerCrmName=crm_shared`, { method: 'POST', json: { password } });
  const loginScreen = (brokerName: string) => http(`${t.baseUrl}/auth/login?brokerName=${brokerName}`);

  beforeAll(async () => {
    writeConfig([broker('broker_a')]);
    t = await startTestApp(read(), { configSource: read });
    adminKey = (await t.app.get(AdminApiKeyService).create({ name: 'operator', role: 'write', brokers: '*' })).key;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('adding a white label: unknown before the reload, served (4.1 and screens) after it', async () => {
    expect((await crmToken('broker_wl', TEST_CRM_PASSWORD)).status).toBe(401);
    writeConfig([broker('broker_a'), broker('broker_wl', { branding: { name: 'White Label Markets', legalEntity: 'WL Ltd' } })]);
    const r = await reload();
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ reloaded: true, added: ['broker_wl'], removed: [], changed: [] });
    const token = await crmToken('broker_wl', TEST_CRM_PASSWORD);
    expect(token.status).toBe(200);
    expect(typeof token.body.crmApiToken).toBe('string');
    const screen = await loginScreen('broker_wl');
    expect(screen.status).toBe(200);
    expect(screen.text).toContain('White Label Markets');
  });

  it('rotating the 4.1 password: old and new both valid while both are listed, then only the new one', async () => {
    expect((await crmToken('broker_a', NEW_CRM_PASSWORD)).status).toBe(403);
    writeConfig([broker('broker_a', { crmApiPasswords: [OLD_HASH, NEW_HASH] })]);
    expect((await reload()).status).toBe(200);
    expect((await crmToken('broker_a', TEST_CRM_PASSWORD)).status).toBe(200);
    expect((await crmToken('broker_a', NEW_CRM_PASSWORD)).status).toBe(200);

    writeConfig([broker('broker_a', { crmApiPasswords: [NEW_HASH] })]);
    const r = await reload();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ changed: ['broker_a'] });
    const old = await crmToken('broker_a', TEST_CRM_PASSWORD);
    expect(old.status).toBe(403);
    expectErrorBody(old.body, 403, 'CH_CLIENT_AUTH_FAILURE');
    expect((await crmToken('broker_a', NEW_CRM_PASSWORD)).status).toBe(200);
  });

  it('changing branding: the next screen shows the new name and colour', async () => {
    const before = await loginScreen('broker_a');
    expect(before.text).toContain('broker_a brand');
    writeConfig([
      broker('broker_a', { crmApiPasswords: [NEW_HASH], branding: { name: 'Rebranded Capital', legalEntity: 'Rebranded Ltd', primaryColor: '#aa3300' } }),
    ]);
    expect((await reload()).status).toBe(200);
    const after = await loginScreen('broker_a');
    expect(after.text).toContain('Rebranded Capital');
    expect(after.text).not.toContain('broker_a brand');
    expect(after.text).toContain('--brand:#aa3300');
  });

  it('any problem: nothing is applied, every problem is reported in the error shape, and the old config keeps serving', async () => {
    writeConfig(
      [
        broker('broker_a', { crmApiPasswords: ['REPLACE_WITH_HASH'], branding: { name: 'Half Applied', legalEntity: 'X' } }),
        broker('broker_new', { brokerName: 'has space' }),
      ],
      { server: { port: 0, host: '127.0.0.1', baseUrl: 'http://127.0.0.1', bodyLimitBytes: 4096 } },
    );
    const r = await reload();
    expect(r.status).toBe(422);
    expectErrorBody(r.body, 422, 'CONFIG_INVALID');
    const message = r.body.message as string;
    expect(message).toContain('brokers[0].crmApiPasswords');
    expect(message).toContain('brokers[1].brokerName');
    expect(message).toMatch(/3 problems/);
    expect((await loginScreen('broker_a')).text).toContain('Rebranded Capital');
    expect((await crmToken('broker_a', NEW_CRM_PASSWORD)).status).toBe(200);

    // Valid, but it changes a setting the process reads at boot only: refused with a restart hint, not half applied.
    writeConfig([broker('broker_a', { crmApiPasswords: [NEW_HASH], branding: { name: 'Half Applied', legalEntity: 'X' } })], {
      server: { port: 0, host: '127.0.0.1', baseUrl: 'http://127.0.0.1', bodyLimitBytes: 4096 },
    });
    const restart = await reload();
    expect(restart.status).toBe(422);
    expect(restart.body.message).toMatch(/server: changed.*restart/);
    expect((await loginScreen('broker_a')).text).toContain('Rebranded Capital');
  });

  it('only a write key for all brokers may reload; every reload is audited with its outcome', async () => {
    const keys = t.app.get(AdminApiKeyService);
    const reader = (await keys.create({ name: 'reader', role: 'read', brokers: '*' })).key;
    const scoped = (await keys.create({ name: 'broker_a only', role: 'write', brokers: ['broker_a'] })).key;
    expectErrorBody((await reload(reader)).body, 403, 'ADMIN_FORBIDDEN');
    expectErrorBody((await reload(scoped)).body, 403, 'ADMIN_BROKER_FORBIDDEN');
    const anonymous = await http(`${t.baseUrl}/admin/config/reload`, { method: 'POST' });
    expect(anonymous.status).toBe(401);

    const events = await t.app.get(AuditService).list({ brokers: '*', category: 'admin', limit: 50 });
    const reloads = events.filter((e) => e.action === 'config.reload');
    // Four applied (white label, two rotation steps, branding) and two refused, newest first.
    expect(reloads.map((e) => (JSON.parse(e.details) as { applied: boolean }).applied)).toEqual([false, false, true, true, true, true]);
    expect(reloads.every((e) => e.actor.startsWith('admin:'))).toBe(true);
  });
});
