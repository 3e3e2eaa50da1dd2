import { CtraderAppClient } from '../../src/simulator';
import { loginToken, seedUser } from '../support/seed';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD, testConfig } from '../support/test-config';
import { onPostgres } from '../support/test-database';
import { expectErrorBody } from '../support/error-body';

/**
 * Done-criterion of issue #4: 50 concurrent 4.2 calls with one OT token give exactly one 200 — on PostgreSQL
 * across two server instances sharing the database (same config → same schema), on SQLite on one instance
 * (an embedded file database is one process's) — and the replay revokes the access token that one 200 issued.
 */
describe(`4.2 under concurrency (${onPostgres() ? 'PostgreSQL, two instances' : 'SQLite, one instance'})`, () => {
  const instances: TestApp[] = [];
  const clients: CtraderAppClient[] = [];

  beforeAll(async () => {
    const config = testConfig();
    instances.push(await startTestApp(config));
    if (onPostgres()) instances.push(await startTestApp(config));
    for (const t of instances) {
      const c = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
      await c.authenticate();
      clients.push(c);
    }
  }, 60_000);
  afterAll(async () => {
    for (const t of instances) await t.close();
  });

  it('exactly one 200; 49 × 404 TOKEN_NOT_FOUND without userId or tokens; the issued access token is revoked by the replays', async () => {
    const user = await seedUser(instances[0].app, 'broker_a');
    const code = await loginToken(instances[0].app, 'broker_a', user.id, true);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => clients[i % clients.length].exchange(code)));

    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    const losers = results.filter((r) => r.status !== 200);
    expect(losers).toHaveLength(49);
    for (const r of losers) {
      expect(r.status).toBe(404);
      expectErrorBody(r.body, 404, 'TOKEN_NOT_FOUND');
    }
    const won = winners[0].body as { userId: number; accessToken: string };
    expect(won.userId).toBe(user.ctidUserId);
    // RFC 6749 §4.1.2: the code was presented again, so what its first use produced no longer works — on any instance.
    for (const c of clients) expect((await c.validate(won.accessToken)).status).toBe(404);
  });

  if (onPostgres()) {
    it('both instances really served the burst (each answered some of the 50)', async () => {
      const user = await seedUser(instances[1].app, 'broker_a');
      const code = await loginToken(instances[1].app, 'broker_a', user.id, true);
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => clients[i % 2].exchange(code).then((r) => ({ i, status: r.status }))));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(new Set(results.map((r) => r.i % 2))).toEqual(new Set([0, 1]));
    });
  }
});
