import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { Clock } from '../../src/kernel/clock/clock';
import { emitDurable } from '../support/durable-events';
import { JobWorker } from '../../src/kernel/jobs/job-worker.service';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { UsersService } from '../../src/kernel/users/users.service';
import { RibbonScheduleSweep } from '../../src/modules/inapp-controls/jobs/ribbon-schedule-sweep.service';
import { CtraderSimulator } from '../../src/simulator';
import { seedUser } from '../support/seed';
import { ctraderTestConfig, startSimulatorFor, withEnv } from '../support/simulator-harness';
import { onPostgres } from '../support/test-database';
import { http, startTestApp, TestApp } from '../support/test-app';
import { expectErrorBody } from '../support/error-body';

const DAY = 86_400_000;

/** The campaigns admin API: validation, both gates, audit, preview, and the audiences beyond the big suite's. */
describe(`ribbons admin API and audiences (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let restoreEnv: () => void;
  let sim: CtraderSimulator;
  let t: TestApp;
  let root: string;
  let writeA: string;
  let readA: string;
  let worker: JobWorker;

  const call = (method: string, path: string, key: string, json?: unknown) =>
    http(`${t.baseUrl}${path}`, { method, json, headers: { authorization: `Bearer ${key}` } });
  const a = (method: string, path: string, json?: unknown) => call(method, `/admin/brokers/broker_a/ribbons${path}`, writeA, json);
  const simRules = (userId: number) => sim.state.getInAppControls('crm_shared', userId)?.rules;
  const valid = (over: Record<string, unknown> = {}) => ({
    name: 'Welcome',
    title: { en: 'Welcome, {firstName}' },
    color: '#123456',
    action: { urlExternal: 'https://broker.example.com/welcome' },
    audience: { kind: 'everyone' },
    ...over,
  });
  async function traderWithCtid(over: Partial<TraderUser> = {}): Promise<TraderUser> {
    const simUser = sim.state.createUser({ brokerCrmName: 'crm_shared', email: `${Math.random().toString(36).slice(2)}@example.com` });
    return seedUser(t.app, 'broker_a', { ctidUserId: simUser.userId, ...over });
  }

  beforeAll(async () => {
    restoreEnv = withEnv({ JOBS_AUTOSTART: 'false', JOBS_BACKOFF_BASE_MS: '10', JOBS_BACKOFF_MAX_MS: '100' });
    const config = ctraderTestConfig();
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    const keys = t.app.get(AdminApiKeyService);
    root = (await keys.create({ name: 'root', role: 'write', brokers: '*' })).key;
    writeA = (await keys.create({ name: 'write a', role: 'write', brokers: ['broker_a'] })).key;
    readA = (await keys.create({ name: 'read a', role: 'read', brokers: ['broker_a'] })).key;
    worker = t.app.get(JobWorker);
  }, 60000);
  afterAll(async () => {
    await t?.close();
    await sim?.close();
    restoreEnv();
  });

  it.each([
    ['a colour that is not #rrggbb', valid({ color: 'red' }), 'INVALID_REQUEST', /#rrggbb/],
    ['an unknown placeholder', valid({ title: { en: 'Hi {first_name}' } }), 'INVALID_REQUEST', /placeholder/],
    ['a title language that is not a code', valid({ title: { English: 'Hi' } }), 'INVALID_REQUEST', /language code/],
    ['both actions', valid({ action: { urlinApp: 'https://a.example', urlExternal: 'https://b.example' } }), 'INVALID_REQUEST', /exactly one/],
    ['urlInApp spelt with a capital I', valid({ action: { urlInApp: 'https://a.example' } }), 'INVALID_REQUEST', /urlInApp/],
    ['an external URL that is a path', valid({ action: { urlExternal: '/inapp/kyc' } }), 'INVALID_REQUEST', /http\(s\)/],
    ['a javascript: URL', valid({ action: { urlinApp: 'javascript:alert(1)' } }), 'INVALID_REQUEST', /urlinApp/],
    ['an end before the start', valid({ startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }), 'INVALID_REQUEST', /endsAt/],
    ['an accounts audience without logins', valid({ audience: { kind: 'accounts' } }), 'INVALID_REQUEST', /logins/],
    ['userIds on an everyone audience', valid({ audience: { kind: 'everyone', userIds: [1] } }), 'INVALID_REQUEST', /userIds/],
    ['an unknown segment', valid({ audience: { kind: 'segment', segments: ['rich'] } }), 'INVALID_REQUEST', /segments/],
    ['no title', { ...valid(), title: undefined }, 'MISSING_REQUIRED_PARAMETER', /title/],
  ])('refuses %s with 400', async (_what, body, code, message) => {
    const r = await a('POST', '/campaigns', body);
    expect(r.status).toBe(400);
    expectErrorBody(r.body, 400, code);
    expect(r.body.message).toMatch(message); // it names the field at fault (the wording around it is ours)
  });

  it('answers 404 MODULE_DISABLED for a broker without ribbons, 403 for a key of another broker or a read-only key', async () => {
    expect((await call('GET', '/admin/brokers/broker_b/ribbons/campaigns', root)).body.code).toBe('MODULE_DISABLED');
    expect((await call('GET', '/admin/brokers/nobody/ribbons/campaigns', root)).status).toBe(404);
    expect((await call('GET', '/admin/brokers/broker_b/ribbons/campaigns', writeA)).body.code).toBe('ADMIN_BROKER_FORBIDDEN');
    expect((await call('POST', '/admin/brokers/broker_a/ribbons/campaigns', readA, valid())).body.code).toBe('ADMIN_FORBIDDEN');
    expect((await call('GET', '/admin/brokers/broker_a/ribbons/campaigns', readA)).status).toBe(200);
  });

  it('gives a new user the "everyone" ribbon on signup, previews it, audits the write, and clears it on delete', async () => {
    const created = await a('POST', '/campaigns', valid());
    expect(created.status).toBe(201);
    await worker.drain(30000);
    const user = await traderWithCtid({ firstName: 'Zoe' });
    expect(simRules(user.ctidUserId!)).toBeUndefined();
    expect((await a('GET', `/users/${user.ctidUserId}/preview`)).body.rules).toEqual({
      ribbons: [
        {
          color: '#123456',
          title: 'Welcome, Zoe',
          enabled: true,
          closable: true,
          action: { urlExternal: 'https://broker.example.com/welcome' },
          brokerName: 'broker_a',
        },
      ],
    });
    await emitDurable(t.app, 'user.signedUp', { brokerName: 'broker_a', userId: user.id, ctidUserId: user.ctidUserId! });
    await worker.drain(30000);
    expect(simRules(user.ctidUserId!)?.ribbons?.map((r) => r.title)).toEqual(['Welcome, Zoe']);

    const audit = await call('GET', '/admin/audit-events?brokerName=broker_a', root);
    expect(audit.body.map((e: { action: string }) => e.action)).toContain('ribbon_campaign.create');

    expect((await a('DELETE', `/campaigns/${created.body.id}`)).status).toBe(204);
    expect((await a('GET', `/campaigns/${created.body.id}`)).status).toBe(404);
    await worker.drain(30000);
    expect(simRules(user.ctidUserId!)).toEqual({});
    expect((await a('GET', `/users/${user.ctidUserId}`)).body).toMatchObject({ state: 'synced', lastPushedRules: {}, desiredRules: {} });
  });

  it('puts an account-level ribbon on the listed account, with ctidTraderAccountId as a string and {accountNumber} rendered', async () => {
    const user = await traderWithCtid({ firstName: 'Kai', preferredLanguage: 'fr' });
    await t.app.get(UsersService).accountsOf('broker_a').insert({
      userId: user.id,
      login: 880001,
      state: 'linked',
      traderPasswordMd5: null,
      ctidTraderAccountId: 990001,
      currency: 'EUR',
      leverage: 100,
      accountType: 'HEDGED',
      environment: 'live',
      moneyDigits: 2,
      createdAt: Date.now(),
    });
    const r = await a(
      'POST',
      '/campaigns',
      valid({
        name: 'Account',
        title: { en: 'Account {accountNumber} ({currency})', fr: 'Compte {accountNumber} ({currency})' },
        action: { urlinApp: '/inapp/deposit' },
        closable: false,
        audience: { kind: 'accounts', logins: [880001] },
      }),
    );
    expect(r.status).toBe(201);
    await worker.drain(30000);
    expect(simRules(user.ctidUserId!)).toEqual({
      ribbons: [
        {
          color: '#123456',
          title: 'Compte 880001 (EUR)',
          enabled: true,
          closable: false,
          action: { urlinApp: 'http://127.0.0.1/inapp/deposit?brokerName=broker_a' },
          brokerName: 'broker_a',
          ctidTraderAccountId: '990001',
        },
      ],
    });
    await a('DELETE', `/campaigns/${r.body.id}`);
    await worker.drain(30000);
  });

  it('the inactive segment fills as days pass without activity (periodic sweep, driven by the Clock)', async () => {
    const user = await traderWithCtid({ firstName: 'Ivo' });
    const r = await a(
      'POST',
      '/campaigns',
      valid({ name: 'Come back', title: { en: 'We miss you, {firstName}' }, audience: { kind: 'segment', segments: ['inactive'], inactiveDays: 7 } }),
    );
    expect(r.status).toBe(201);
    await worker.drain(30000);
    expect(simRules(user.ctidUserId!)).toBeUndefined();
    t.app.get(Clock).advance(8 * DAY);
    await t.app.get(RibbonScheduleSweep).tick();
    await worker.drain(60000);
    expect(simRules(user.ctidUserId!)?.ribbons?.map((x) => x.title)).toEqual(['We miss you, Ivo']);
    // Activity (a deposit event) takes the user out of the segment again.
    await emitDurable(t.app, 'payment.completed', { brokerName: 'broker_a', userId: user.id, login: 1, kind: 'deposit', amountMinor: 100, currency: 'USD' });
    await worker.drain(30000);
    expect(simRules(user.ctidUserId!)).toEqual({});
  });
});
