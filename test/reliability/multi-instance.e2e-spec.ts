import Redis from 'ioredis';
import { hashPassword } from '../../src/lib/crypto/password-hash';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { ScreenClient } from '../support/screen-client';
import { seedUser, loginToken } from '../support/seed';
import { ServerProcess, startProcessSimulator, startServerProcess, writeProcessConfig } from '../support/server-process';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD, testConfig } from '../support/test-config';
import { freshDatabase } from '../support/test-database';
import { recordFigure, recordSecret } from '../support/test-run-records';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Used by this file only. */
const REDIS_DB = 7;
const BROKER = { brokerName: 'broker_a', brokerCrmName: 'crm_shared' };

/**
 * Two server PROCESSES (`node dist/src/main.js`) on one database with Redis-backed throttling, as behind a load
 * balancer (ARCHITECTURE §5, issue #12). On PostgreSQL this is the production shape; on SQLite both processes
 * share one database file (SQLite's own file locking serialises their writes). A third, in-process instance
 * only seeds users through the services.
 */
describe('two server instances on one database', () => {
  let sim: CtraderSimulator;
  let seeder: TestApp;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    sim = await startProcessSimulator();
    const db = freshDatabase();
    seeder = await startTestApp(testConfig({ database: { url: db.url, schema: db.schema } }));
    // A Redis database of its own, emptied first: throttle counters of an earlier run (same route, same IP)
    // must not count against this one.
    const redis = new Redis(`${REDIS_URL}/${REDIS_DB}`);
    await redis.flushdb();
    await redis.quit();
    const file = writeProcessConfig({ simulatorUrl: sim.url, databaseUrl: db.url, databaseSchema: db.schema, redisUrl: `${REDIS_URL}/${REDIS_DB}` });
    [a, b] = await Promise.all([startServerProcess(file), startServerProcess(file)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await seeder?.close();
    await sim?.close();
  });

  const appClient = (p: ServerProcess) => new CtraderAppClient({ baseUrl: p.baseUrl, ...BROKER, password: TEST_CRM_PASSWORD });

  it('50 concurrent 4.2 with one OT token across both instances: exactly one 200, and the replay revokes its access token', async () => {
    const user = await seedUser(seeder.app, 'broker_a');
    const token = await loginToken(seeder.app, 'broker_a', user.id);
    recordSecret(token);
    const clients = [appClient(a), appClient(b)];
    await Promise.all(clients.map((c) => c.authenticate()));
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => clients[i % 2].exchange(token)));
    const ok = results.filter((r) => r.status === 200);
    recordFigure('replay_ok', ok.length);
    recordFigure('replay_total', results.length);
    recordFigure('5xx', results.filter((r) => r.status >= 500).length);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body).toEqual(expect.objectContaining({ error: expect.any(String), code: expect.any(String) }));
      expect(r.body).not.toHaveProperty('accessToken');
    }
    const accessToken = (ok[0].body as { accessToken: string }).accessToken;
    recordSecret(accessToken);
    // RFC 6749 §4.1.2: the replays revoked what the first use produced, on whichever instance asks.
    for (const c of clients) expect((await c.validate(accessToken)).status).not.toBe(200);
  });

  it('the throttle is shared: 4.1 allows 30 attempts per minute per IP in total, not per instance', async () => {
    // 4.1 is @RateLimited(30) per IP (127.0.0.1 for both instances here). Counters live in Redis.
    const results = [];
    for (let i = 0; i < 40; i++) {
      const p = i % 2 === 0 ? a : b;
      results.push(
        await appClient(p)
          .authenticate()
          .catch(() => ({ status: 0 })),
      );
    }
    const limited = results.filter((r) => r.status === 429).length;
    // The first test's two authenticate() calls count too: 32 allowed-or-not before, so 40 - 28 = 12 refused.
    // With per-instance (in-memory) counters each instance would allow 30 and refuse none of these.
    expect(limited).toBe(12);
    expect(results.filter((r) => r.status >= 500)).toHaveLength(0);
  });

  it('a screen session started on one instance is the same session on the other', async () => {
    // A signup that stopped before its trading account: logging in starts an 'sso' screen session and sends
    // the browser to /account/create — which the OTHER instance must recognise.
    const email = `multi-${Date.now()}@example.com`;
    const password = 'Multi-instance-1';
    recordSecret(password);
    await seedUser(seeder.app, 'broker_a', { email, passwordHash: await hashPassword(password), signupStep: 'ctid_created' });
    const onA = new ScreenClient(a.baseUrl);
    const login = await onA.submit('/auth/login?brokerName=broker_a', { form: 'login', email, password });
    expect(login.status).toBe(303);
    expect(login.location).toMatch(/\/account\/create\?/);
    const onB = onA.via(b.baseUrl);
    const page = await onB.get(login.location!.replace(/^https?:\/\/[^/]+/, ''));
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="_csrf"');
    // Without the cookie, B answers with the session-expired page instead.
    expect((await new ScreenClient(b.baseUrl).get(login.location!.replace(/^https?:\/\/[^/]+/, ''))).status).toBe(401);
  });
});
