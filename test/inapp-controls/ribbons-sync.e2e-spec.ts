import { DataSource, In } from 'typeorm';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { Clock } from '../../src/kernel/clock/clock';
import { emitDurable } from '../support/durable-events';
import { JobWorker } from '../../src/kernel/jobs/job-worker.service';
import { Job } from '../../src/kernel/jobs/job.entity';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { RibbonScheduleSweep } from '../../src/modules/inapp-controls/jobs/ribbon-schedule-sweep.service';
import { CtraderSimulator } from '../../src/simulator';
import { seedUser } from '../support/seed';
import { ctraderTestConfig, startSimulatorFor, withEnv } from '../support/simulator-harness';
import { onPostgres } from '../support/test-database';
import { http, startTestApp, TestApp } from '../support/test-app';

const USERS = 1000;
const LANGS = ['en', 'es', 'de'] as const;
const DAY = 86_400_000;
const FUND_TITLES = {
  en: 'Fund your account, get a bonus, {firstName}',
  es: 'Deposita y recibe un bono, {firstName}',
  de: 'Konto aufladen, Bonus sichern, {firstName}',
};
const VERIFY_TITLES = { en: 'Verify your identity', es: 'Verifica tu identidad', de: 'Bestätigen Sie Ihre Identität' };
const DEPOSIT_URL = 'http://127.0.0.1/inapp/deposit?brokerName=broker_a';
const KYC_URL = 'http://127.0.0.1/inapp/kyc?brokerName=broker_a';

interface Seeded {
  user: TraderUser;
  lang: (typeof LANGS)[number];
  funded: boolean;
}

/**
 * The "Done when", against the simulator: a campaign for 1,000 users leaves exactly the expected rule set
 * for each; an edit re-pushes only the users whose set changed; a KYC approval removes "verify" for that user; a
 * rate-limit storm delays but loses nothing; the end of the schedule clears the sets; titles are in each user's
 * language. Expected sets are written out here by hand, not computed with the module's code.
 */
describe(`ribbons: campaign → per-user 3.9 rule sets in the simulator (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let restoreEnv: () => void;
  let sim: CtraderSimulator;
  let t: TestApp;
  let key: string;
  let seeded: Seeded[];
  let worker: JobWorker;
  let fundId: number;
  let start: number;

  const admin = (method: string, path: string, json?: unknown) =>
    http(`${t.baseUrl}/admin/brokers/broker_a/ribbons${path}`, { method, json, headers: { authorization: `Bearer ${key}` } });
  const simRules = (userId: number) => sim.state.getInAppControls('crm_shared', userId)?.rules;
  const calls39 = () => sim.state.calls({ call: '3.9' }).filter((c) => c.status === 201).length;
  const fundRibbon = (s: Seeded, color = '#1a73e8', titles: Record<string, string> = FUND_TITLES) => ({
    color,
    title: titles[s.lang].replace('{firstName}', s.user.firstName),
    enabled: true,
    closable: true,
    action: { urlinApp: DEPOSIT_URL },
    // broker_a shares crm_shared with broker_b: each of its ribbons is pinned to broker_a.
    brokerName: 'broker_a',
  });
  const verifyRibbon = (s: Seeded) => ({
    color: '#d93025',
    title: VERIFY_TITLES[s.lang],
    enabled: true,
    closable: false,
    action: { urlinApp: KYC_URL },
    brokerName: 'broker_a',
  });
  const fundCampaign = (over: Record<string, unknown> = {}) => ({
    name: 'Fund bonus',
    title: FUND_TITLES,
    color: '#1A73E8',
    action: { urlinApp: '/inapp/deposit' },
    closable: true,
    startsAt: new Date(start - DAY).toISOString(),
    endsAt: new Date(start + 2 * DAY).toISOString(),
    priority: 10,
    audience: { kind: 'segment', segments: ['noFundedAccount'] },
    ...over,
  });

  beforeAll(async () => {
    restoreEnv = withEnv({
      JOBS_AUTOSTART: 'false',
      JOBS_BATCH_SIZE: '32',
      JOBS_CONCURRENCY: '32',
      JOBS_BACKOFF_BASE_MS: '20',
      JOBS_BACKOFF_MAX_MS: '300',
      JOBS_MAX_ATTEMPTS: '100',
    });
    const config = ctraderTestConfig({ timeoutMs: 2000, nonGetPerSecond: 1000 });
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    key = (await t.app.get(AdminApiKeyService).create({ name: 'ribbons', role: 'write', brokers: ['broker_a'] })).key;
    worker = t.app.get(JobWorker);
    start = t.app.get(Clock).now();
    seeded = [];
    for (let i = 0; i < USERS; i++) {
      const lang = LANGS[i % 3];
      const simUser = sim.state.createUser({ brokerCrmName: 'crm_shared', email: `r${i}@example.com` });
      const user = await seedUser(t.app, 'broker_a', {
        ctidUserId: simUser.userId,
        email: `r${i}@example.com`,
        firstName: `Name${i}`,
        preferredLanguage: lang,
      });
      seeded.push({ user, lang, funded: i % 5 === 0 });
    }
    // Deposits arrive from the payments module as durable events (emitted directly here: that module is built elsewhere).
    for (const s of seeded.filter((x) => x.funded)) {
      await emitDurable(t.app, 'payment.completed', {
        brokerName: 'broker_a',
        userId: s.user.id,
        login: 1,
        kind: 'deposit',
        amountMinor: 10000,
        currency: 'USD',
      });
    }
  }, 120000);

  afterAll(async () => {
    await t?.close();
    await sim?.close();
    restoreEnv();
  });

  const openJobs = () =>
    t.app
      .get(DataSource)
      .getRepository(Job)
      .countBy({ kind: In(['ribbons.push', 'ribbons.recompute', 'ribbons.sweep']), state: In(['pending', 'running']) });
  const deadJobs = () => t.app.get(DataSource).getRepository(Job).countBy({ kind: 'ribbons.push', state: 'dead' });

  it('a campaign for 1,000 users leaves exactly the expected rule set for each, in each user language', async () => {
    expect(calls39()).toBe(0); // deposits before any campaign push nothing
    const created = await admin('POST', '/campaigns', fundCampaign());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ color: '#1a73e8', audience: { kind: 'segment', segments: ['noFundedAccount'] }, version: 1 });
    fundId = created.body.id;
    await worker.drain(120000);

    for (const s of seeded) {
      if (s.funded) expect(simRules(s.user.ctidUserId!)).toBeUndefined();
      else expect(simRules(s.user.ctidUserId!)).toEqual({ ribbons: [fundRibbon(s)] });
    }
    expect(calls39()).toBe(800);
    expect(await deadJobs()).toBe(0);
    // Spot check of the languages: the three titles all reached cTrader.
    expect(simRules(seeded[1].user.ctidUserId!)!.ribbons![0].title).toBe('Deposita y recibe un bono, Name1');
    expect(simRules(seeded[2].user.ctidUserId!)!.ribbons![0].title).toBe('Konto aufladen, Bonus sichern, Name2');

    // The admin API shows each user's last pushed body and state.
    const s = seeded[1];
    const state = await admin('GET', `/users/${s.user.ctidUserId}`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ userId: s.user.ctidUserId, state: 'synced', lastPushedRules: { ribbons: [fundRibbon(s)] }, lastError: null });
    const preview = await admin('GET', `/users/${s.user.ctidUserId}/preview`);
    expect(preview.body.rules).toEqual({ ribbons: [fundRibbon(s)] });

    // Recomputing with nothing changed pushes nothing.
    expect((await admin('POST', '/recompute')).status).toBe(202);
    await worker.drain(60000);
    expect(calls39()).toBe(800);
  }, 180000);

  it('editing the campaign re-pushes only the users whose set changed', async () => {
    const before = calls39();
    const titles = { ...FUND_TITLES, es: 'Deposita hoy y recibe un bono, {firstName}' };
    const edited = await admin('PUT', `/campaigns/${fundId}`, fundCampaign({ title: titles }));
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(2);
    await worker.drain(120000);
    const spanishUnfunded = seeded.filter((s) => !s.funded && s.lang === 'es');
    expect(calls39() - before).toBe(spanishUnfunded.length);
    const pushedTo = new Set(
      sim.state
        .calls({ call: '3.9' })
        .slice(-spanishUnfunded.length)
        .map((c) => (c.body as { userId: number }).userId),
    );
    expect(pushedTo).toEqual(new Set(spanishUnfunded.map((s) => s.user.ctidUserId)));
    for (const s of seeded.filter((x) => !x.funded)) expect(simRules(s.user.ctidUserId!)).toEqual({ ribbons: [fundRibbon(s, '#1a73e8', titles)] });
    // Put the original titles back for the next steps.
    await admin('PUT', `/campaigns/${fundId}`, fundCampaign());
    await worker.drain(120000);
  }, 180000);

  it('a KYC approval event removes the "verify" ribbon for that user only', async () => {
    const verify = await admin('POST', '/campaigns', {
      name: 'KYC reminder',
      title: VERIFY_TITLES,
      color: '#d93025',
      action: { urlinApp: '/inapp/kyc' },
      closable: false,
      priority: 50,
      audience: { kind: 'segment', segments: ['kycPending'] },
    });
    expect(verify.status).toBe(201);
    const pending = seeded.slice(0, 10);
    for (const s of pending) await emitDurable(t.app, 'kyc.statusChanged', { brokerName: 'broker_a', userId: s.user.id, status: 'pending' });
    await worker.drain(120000);
    const expectedFor = (s: Seeded, verifying: boolean) => {
      const ribbons = [...(verifying ? [verifyRibbon(s)] : []), ...(s.funded ? [] : [fundRibbon(s)])];
      return ribbons.length ? { ribbons } : {};
    };
    for (const s of pending) expect(simRules(s.user.ctidUserId!)).toEqual(expectedFor(s, true));

    const approved = pending[0]; // i = 0: funded, so approval leaves nothing: rules {}
    const other = pending[1];
    const before = calls39();
    await emitDurable(t.app, 'kyc.statusChanged', { brokerName: 'broker_a', userId: approved.user.id, status: 'approved' });
    await emitDurable(t.app, 'kyc.statusChanged', { brokerName: 'broker_a', userId: pending[2].user.id, status: 'approved' });
    await worker.drain(60000);
    expect(calls39() - before).toBe(2);
    expect(simRules(approved.user.ctidUserId!)).toEqual({});
    expect(simRules(pending[2].user.ctidUserId!)).toEqual(expectedFor(pending[2], false));
    expect(simRules(other.user.ctidUserId!)).toEqual(expectedFor(other, true));
    await emitDurable(t.app, 'kyc.statusChanged', { brokerName: 'broker_a', userId: other.user.id, status: 'approved' });
    await emitDurable(t.app, 'kyc.statusChanged', { brokerName: 'broker_a', userId: approved.user.id, status: 'approved' });
    for (const s of pending.slice(3)) await emitDurable(t.app, 'kyc.statusChanged', { brokerName: 'broker_a', userId: s.user.id, status: 'approved' });
    await worker.drain(60000);
    for (const s of pending) expect(simRules(s.user.ctidUserId!)).toEqual(expectedFor(s, false));
  }, 180000);

  it('a rate-limit storm delays the pushes but loses none', async () => {
    sim.setRateLimit({ nonGetPerWindow: 100, windowMs: 250 });
    sim.faults.add({ call: '3.9', mode: 'rateLimit', probability: 0.1, times: 0 });
    sim.faults.add({ call: '3.9', mode: 'error', status: 503, probability: 0.05, times: 0 });
    const before = sim.state.calls({ call: '3.9' }).length;
    const recoloured = await admin('PUT', `/campaigns/${fundId}`, fundCampaign({ color: '#0b8043' }));
    expect(recoloured.status).toBe(200);
    await worker.drain(170000);
    sim.faults.clear();
    sim.setRateLimit({ nonGetPerWindow: 100000, windowMs: 60000 });
    const during = sim.state.calls({ call: '3.9' }).slice(before);
    expect(during.filter((c) => c.status === 429).length).toBeGreaterThan(0);
    expect(await deadJobs()).toBe(0);
    expect(await openJobs()).toBe(0);
    for (const s of seeded) {
      if (s.funded) expect(simRules(s.user.ctidUserId!) ?? {}).toEqual({});
      else expect(simRules(s.user.ctidUserId!)).toEqual({ ribbons: [fundRibbon(s, '#0b8043')] });
    }
    const failed = await admin('GET', '/users?state=failed');
    expect(failed.body).toEqual([]);
  }, 240000);

  it('the end of the schedule clears the rule sets (rules: {}) at the next sweep', async () => {
    const clock = t.app.get(Clock);
    const sweep = t.app.get(RibbonScheduleSweep);
    await sweep.tick(); // a sweep with no boundary in its window changes nothing
    await worker.drain(60000);
    const before = calls39();
    expect(before).toBeGreaterThan(0);
    clock.advance(2 * DAY + 1000);
    await sweep.tick();
    await sweep.tick(); // a second instance's timer in the same interval: still one sweep
    await worker.drain(120000);
    const sweeps = await t.app.get(DataSource).getRepository(Job).findBy({ kind: 'ribbons.sweep' });
    expect(sweeps.filter((j) => (j.result ?? '').includes('"boundaries":[') && !(j.result ?? '').includes('"boundaries":[]'))).toHaveLength(1);
    for (const s of seeded) {
      if (s.funded) expect(simRules(s.user.ctidUserId!) ?? {}).toEqual({});
      else expect(simRules(s.user.ctidUserId!)).toEqual({});
    }
    expect(calls39() - before).toBe(800);
  }, 180000);
});
