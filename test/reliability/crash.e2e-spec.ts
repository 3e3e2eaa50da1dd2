import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { loginToken, seedUser } from '../support/seed';
import { ServerProcess, startProcessSimulator, startServerProcess, writeProcessConfig } from '../support/server-process';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD, testConfig } from '../support/test-config';
import { freshDatabase } from '../support/test-database';
import { recordFigure, recordSecret } from '../support/test-run-records';

const BROKER = { brokerName: 'broker_a', brokerCrmName: 'crm_shared' };
const TOKENS = 300;
const CONCURRENCY = 16;

/**
 * kill -9 under load (issue #12): a server process exchanging login OT tokens (4.2) is killed without any
 * shutdown, then restarted on the same database. Whatever it answered 200 for must still be there (nothing
 * committed is lost); a request cut off in flight failed on the client's side and may be retried — and a retry
 * can never produce a second access token for the same OT token (no duplicate).
 */
describe('a server killed with SIGKILL under load, then restarted', () => {
  let sim: CtraderSimulator;
  let seeder: TestApp;
  let configFile: string;
  let first: ServerProcess;
  let second: ServerProcess | undefined;

  beforeAll(async () => {
    sim = await startProcessSimulator();
    const db = freshDatabase();
    seeder = await startTestApp(testConfig({ database: { url: db.url, schema: db.schema } }));
    configFile = writeProcessConfig({ simulatorUrl: sim.url, databaseUrl: db.url, databaseSchema: db.schema });
    first = await startServerProcess(configFile);
  }, 120_000);

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await seeder?.close();
    await sim?.close();
  });

  it('loses nothing it confirmed and duplicates nothing on retry', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < TOKENS; i++) {
      const user = await seedUser(seeder.app, 'broker_a');
      const token = await loginToken(seeder.app, 'broker_a', user.id);
      recordSecret(token);
      tokens.push(token);
    }
    const app = new CtraderAppClient({ baseUrl: first.baseUrl, ...BROKER, password: TEST_CRM_PASSWORD });
    await app.authenticate();

    type Outcome = { token: string; accessToken?: string; status?: number; cutOff?: boolean };
    const outcomes: Outcome[] = [];
    let next = 0;
    let crashed = false;
    const crashAfter = Math.floor(TOKENS / 3);
    const worker = async () => {
      while (next < tokens.length) {
        const token = tokens[next++];
        try {
          const r = await app.exchange(token);
          const accessToken = r.status === 200 ? (r.body as { accessToken?: string }).accessToken : undefined;
          if (accessToken) recordSecret(accessToken);
          outcomes.push({ token, status: r.status, accessToken });
        } catch {
          outcomes.push({ token, cutOff: true });
        }
        if (!crashed && outcomes.length >= crashAfter) {
          crashed = true;
          void first.crash();
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(crashed).toBe(true);
    const confirmed = outcomes.filter((o) => o.accessToken);
    const cutOff = outcomes.filter((o) => o.cutOff);
    expect(confirmed.length).toBeGreaterThanOrEqual(crashAfter - CONCURRENCY);
    expect(cutOff.length).toBeGreaterThan(0);

    second = await startServerProcess(configFile);
    const after = new CtraderAppClient({ baseUrl: second.baseUrl, ...BROKER, password: TEST_CRM_PASSWORD });
    await after.authenticate();

    // Nothing committed is lost: every access token the dead process confirmed is valid on the new one.
    let lost = 0;
    for (const o of confirmed) if ((await after.validate(o.accessToken!)).status !== 200) lost += 1;

    // Retrying what was cut off: at most one success per OT token over both attempts, never a 5xx.
    let duplicated = 0;
    let fivexx = 0;
    for (const o of cutOff) {
      const retry = await after.exchange(o.token);
      if (retry.status >= 500) fivexx += 1;
      if (retry.status === 200 && o.accessToken) duplicated += 1;
    }
    // Tokens never sent before the crash still work exactly once.
    for (const o of outcomes.filter((x) => x.status === 200)) {
      if ((await after.exchange(o.token)).status === 200) duplicated += 1;
    }
    recordFigure('lost', lost);
    recordFigure('duplicated', duplicated);
    recordFigure('5xx', fivexx);
    recordFigure('faults', 1);
    expect({ lost, duplicated, fivexx }).toEqual({ lost: 0, duplicated: 0, fivexx: 0 });
  }, 180_000);
});
