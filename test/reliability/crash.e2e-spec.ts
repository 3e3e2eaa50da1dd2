import { DataSource } from 'typeorm';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { exchangeLedger } from '../support/exchange-ledger';
import { loginToken, seedUser } from '../support/seed';
import { ServerProcess, startProcessSimulator, startServerProcess, writeProcessConfig } from '../support/server-process';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD, testConfig } from '../support/test-config';
import { freshDatabase } from '../support/test-database';
import { recordFigure } from '../support/test-run-records';

const BROKER = { brokerName: 'broker_a', brokerCrmName: 'crm_shared' };
const TOKENS = 300;
const CONCURRENCY = 16;

/**
 * kill -9 under load (issue #12): a server process exchanging login OT tokens (4.2) is killed without any
 * shutdown, then restarted on the same database. Whatever it answered 200 for must still be there (nothing
 * committed is lost); a request cut off in flight failed on the client's side and may be retried — and a retry
 * can never produce a second access token for the same OT token (no duplicate). Duplicates are counted in the
 * database (test/support/exchange-ledger.ts), not from the answers: the case that matters is a cut-off request
 * the dead process had committed, whose client saw no token at all. exchange-ledger.e2e-spec.ts shows the count
 * rising when a second token exists for one OT token. A broken exchange fails this test, e.g. one that no longer
 * checks that the OT token is unused. The server processes run dist/, so the break is made there, never in src/
 * (no switch for it exists in the product), and `npm run build` restores it:
 *   SQLite:     npm run build && sed -i 's/AND "consumedAt" IS NULL AND "expiresAt" > ?/AND "expiresAt" > ?/' \
 *                 dist/src/kernel/tokens/login-token-exchange.js && npx jest test/reliability/crash.e2e-spec.ts
 *   PostgreSQL: npm run build && sed -i 's/AND "consumedAt" IS NULL AND "expiresAt" > \$1::bigint/AND "expiresAt" > $1::bigint/' \
 *                 dist/src/kernel/tokens/login-token-exchange.js && DATABASE_URL=postgres://… npx jest test/reliability/crash.e2e-spec.ts
 * Runs of 2 Dec 2026: SQLite duplicated=113 replayAccepted=113; PostgreSQL duplicated=110 replayAccepted=108 — the two
 * more are cut-off requests the dead process had committed (unanswered_commits=2) whose retry got a second token,
 * seen only in the database.
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
      tokens.push(await loginToken(seeder.app, 'broker_a', user.id));
    }
    const app = new CtraderAppClient({ baseUrl: first.baseUrl, ...BROKER, password: TEST_CRM_PASSWORD });
    await app.authenticate();

    type Outcome = { token: string; accessToken?: string; status?: number; cutOff?: boolean };
    const outcomes: Outcome[] = [];
    let next = 0;
    let crashed: Promise<void> | undefined;
    const crashAfter = Math.floor(TOKENS / 3);
    const worker = async () => {
      while (next < tokens.length) {
        const token = tokens[next++];
        try {
          const r = await app.exchange(token);
          const accessToken = r.status === 200 ? (r.body as { accessToken?: string }).accessToken : undefined;
          outcomes.push({ token, status: r.status, accessToken });
        } catch {
          outcomes.push({ token, cutOff: true });
        }
        if (!crashed && outcomes.length >= crashAfter) {
          crashed = first.crash();
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(crashed).toBeDefined();
    await crashed;
    // The fault injected: the process died of our SIGKILL (not of an error of its own, not after a clean exit).
    const faults = first.child.signalCode === 'SIGKILL' ? 1 : 0;
    expect(faults).toBe(1);
    const confirmed = outcomes.filter((o) => o.accessToken);
    const cutOff = outcomes.filter((o) => o.cutOff);
    expect(confirmed.length).toBeGreaterThanOrEqual(crashAfter - CONCURRENCY);
    expect(cutOff.length).toBeGreaterThan(0);

    // Cut off in flight but committed by the dead process: the case whose retry must not get a second token.
    const ds = seeder.app.get(DataSource);
    const unansweredCommits = (
      await exchangeLedger(
        ds,
        cutOff.map((o) => o.token),
      )
    ).exchanged;

    second = await startServerProcess(configFile);
    const after = new CtraderAppClient({ baseUrl: second.baseUrl, ...BROKER, password: TEST_CRM_PASSWORD });
    await after.authenticate();

    // Nothing committed is lost: every access token the dead process confirmed is valid on the new one.
    let lost = 0;
    for (const o of confirmed) if ((await after.validate(o.accessToken!)).status !== 200) lost += 1;

    // Retrying what was cut off, never a 5xx; presenting again what was confirmed, never a second 200.
    let fivexx = 0;
    let replayAccepted = 0;
    for (const o of cutOff) {
      const retry = await after.exchange(o.token);
      if (retry.status >= 500) fivexx += 1;
    }
    for (const o of confirmed) {
      const again = await after.exchange(o.token);
      if (again.status >= 500) fivexx += 1;
      if (again.status === 200) replayAccepted += 1;
    }
    // At most one access token (and one inappToken) per OT token over both processes, in the database.
    const ledger = await exchangeLedger(ds, tokens);
    const duplicated = ledger.duplicated;
    recordFigure('lost', lost);
    recordFigure('duplicated', duplicated);
    recordFigure('5xx', fivexx);
    recordFigure('faults', faults);
    recordFigure('unanswered_commits', unansweredCommits);
    expect({ lost, duplicated, fivexx, replayAccepted }).toEqual({ lost: 0, duplicated: 0, fivexx: 0, replayAccepted: 0 });
    // Every confirmed exchange is in the database, and nothing beyond what was sent exists.
    expect(ledger.exchanged).toBeGreaterThanOrEqual(confirmed.length);
    expect(ledger.exchanged).toBeLessThanOrEqual(confirmed.length + cutOff.length);
  }, 180_000);
});
