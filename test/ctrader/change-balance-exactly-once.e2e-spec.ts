import { DataSource, In } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { ChangeBalanceJobs } from '../../src/kernel/ctrader-gateway/change-balance/change-balance-jobs.service';
import { CHANGE_BALANCE_JOB_KIND, ChangeBalanceJobResult } from '../../src/kernel/ctrader-gateway/change-balance/change-balance.job';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { UnitOfWork } from '../../src/kernel/database/unit-of-work';
import { JobOutcomeBus } from '../../src/kernel/jobs/job-outcome.bus';
import { JobQueue } from '../../src/kernel/jobs/job-queue.service';
import { JobWorker } from '../../src/kernel/jobs/job-worker.service';
import { Job } from '../../src/kernel/jobs/job.entity';
import { CtraderSimulator } from '../../src/simulator';
import { ctraderTestConfig, startSimulatorFor, withEnv } from '../support/simulator-harness';
import { onPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';


const JOBS = 1000;
const TRADERS = 10;
const AMOUNT = '1.01';
const AMOUNT_MINOR = 101;

/**
 * The "Done when": 1,000 changebalance jobs processed by two server instances (two apps, two DataSources,
 * two worker ids, one database), with cTrader failing in every way that matters for exactly-once — the effect
 * applied but the answer lost (`dropAfterEffect`), 5xx, timeouts, rate limiting, failing history reads, and an
 * instance that dies mid-call — end with exactly 1,000 balance changes at cTrader, one per externalId.
 */
describe(`exactly-once changebalance: ${JOBS} jobs, two instances, injected failures (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let restoreEnv: () => void;
  let config: AppConfig;
  let sim: CtraderSimulator;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    restoreEnv = withEnv({
      JOBS_AUTOSTART: 'false',
      JOBS_POLL_INTERVAL_MS: '20',
      JOBS_BATCH_SIZE: '16',
      JOBS_CONCURRENCY: '16',
      JOBS_LEASE_MS: '2000',
      JOBS_BACKOFF_BASE_MS: '10',
      JOBS_BACKOFF_MAX_MS: '100',
      JOBS_MAX_ATTEMPTS: '50',
      LOG_LEVEL: 'error',
    });
    config = ctraderTestConfig({ timeoutMs: 250, nonGetPerSecond: 1000, raw: { logLevel: 'error' } });
    sim = await startSimulatorFor(config);
    // Two server instances on one database, as behind a load balancer (ARCHITECTURE.md §5).
    a = await startTestApp(config);
    b = await startTestApp(config);
  }, 60000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sim?.close();
    restoreEnv();
  });

  it(`ends with exactly ${JOBS} balance changes, one per externalId`, async () => {
    const gateway = a.app.get(CtraderGateway);
    const logins: number[] = [];
    for (let i = 0; i < TRADERS; i++) {
      const trader = await gateway.createTrader('broker_a', {
        accessRights: 'FULL_ACCESS',
        accountType: 'HEDGED',
        balance: 0,
        depositCurrency: 'USD',
        groupName: 'Default',
        traderPassword: `pw-${i}`,
        leverageInCents: 10000,
        totalMarginCalculationType: 'MAX',
      });
      logins.push(trader.login);
    }

    // The intents, committed with "business rows" by both instances, 50 per transaction.
    const externalIds = Array.from({ length: JOBS }, (_, i) => `dep-${String(i).padStart(4, '0')}`);
    const loginOf = (i: number) => logins[i % TRADERS];
    for (let start = 0; start < JOBS; start += 50) {
      const app = start % 100 === 0 ? a : b;
      await app.app.get(UnitOfWork).run(async (m) => {
        for (let i = start; i < start + 50; i++) {
          await app.app.get(ChangeBalanceJobs).enqueue(m, 'broker_a', { login: loginOf(i), preciseAmount: AMOUNT, type: 'DEPOSIT', externalId: externalIds[i] });
        }
      });
    }
    // Enqueued twice by a retrying business flow: still one job each.
    await b.app.get(UnitOfWork).run(async (m) => {
      for (let i = 0; i < 20; i++) await b.app.get(ChangeBalanceJobs).enqueue(m, 'broker_a', { login: loginOf(i), preciseAmount: AMOUNT, type: 'DEPOSIT', externalId: externalIds[i] });
    });

    // A third instance claims 30 jobs, sends 3.5 for 15 of them (effect applied at cTrader) and dies.
    const now = Date.now();
    const crashed = await a.app.get(JobQueue).claim({ workerId: 'instance-that-died', now, leaseUntil: now + 800, limit: 30, kinds: [CHANGE_BALANCE_JOB_KIND] });
    expect(crashed).toHaveLength(30);
    for (const job of crashed.slice(0, 15)) {
      const p = JSON.parse(job.payload);
      await gateway.changeBalance('broker_a', { login: p.login, preciseAmount: p.preciseAmount, type: p.type, externalId: p.externalId });
    }

    // cTrader misbehaves in every way that matters (rules are tried oldest first; probabilities per request).
    sim.faults.add({ call: '3.5', mode: 'dropAfterEffect', probability: 0.06, times: 0 });
    sim.faults.add({ call: '3.5', mode: 'error', status: 503, probability: 0.06, times: 0 });
    sim.faults.add({ call: '3.5', mode: 'timeout', probability: 0.02, times: 0 });
    sim.faults.add({ call: '3.5', mode: 'rateLimit', probability: 0.02, times: 10 });
    sim.faults.add({ call: '3.5', mode: 'latency', latencyMs: 5, probability: 0.2, times: 0 });
    sim.faults.add({ call: 'balanceHistoryRead', mode: 'error', status: 500, probability: 0.1, times: 0 });
    sim.faults.add({ call: 'balanceHistoryRead', mode: 'timeout', probability: 0.02, times: 0 });

    const finishedBy = { a: 0, b: 0 };
    a.app.get(JobOutcomeBus).on(CHANGE_BALANCE_JOB_KIND, () => void finishedBy.a++);
    b.app.get(JobOutcomeBus).on(CHANGE_BALANCE_JOB_KIND, () => void finishedBy.b++);
    const started = Date.now();
    a.app.get(JobWorker).start();
    b.app.get(JobWorker).start();
    const jobs = a.app.get(DataSource).getRepository(Job);
    const open = () => jobs.countBy({ kind: CHANGE_BALANCE_JOB_KIND, state: In(['pending', 'running']) });
    while ((await open()) > 0) {
      if (Date.now() - started > 50000) throw new Error(`jobs still open after 50 s: ${await open()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await a.app.get(JobWorker).stop();
    await b.app.get(JobWorker).stop();
    sim.faults.clear();

    // Every job succeeded, both instances worked, and the failures really happened.
    const all = await jobs.findBy({ kind: CHANGE_BALANCE_JOB_KIND });
    expect(all).toHaveLength(JOBS);
    expect(all.filter((j) => j.state !== 'succeeded')).toEqual([]);
    expect(finishedBy.a).toBeGreaterThan(0);
    expect(finishedBy.b).toBeGreaterThan(0);
    expect(finishedBy.a + finishedBy.b).toBe(JOBS);
    const faults = sim.state.calls({ call: '3.5' }).map((c) => c.fault);
    for (const mode of ['dropAfterEffect', 'error', 'timeout', 'rateLimit']) expect(faults).toContain(mode);

    // cTrader's side: exactly one balance change per externalId, nothing else.
    const history = logins.flatMap((login) => sim.state.balanceHistory(login) ?? []);
    expect(history).toHaveLength(JOBS);
    expect(new Set(history.map((h) => h.externalId)).size).toBe(JOBS);
    expect(history.map((h) => h.externalId).sort()).toEqual(externalIds);
    for (const [i, login] of logins.entries()) {
      const expected = externalIds.filter((_, k) => k % TRADERS === i).length * AMOUNT_MINOR;
      expect(sim.state.getTrader(login)?.balance).toBe(expected);
    }

    // Our side: each job points at the entry cTrader holds for its externalId.
    const idByExternal = new Map(history.map((h) => [h.externalId, h.balanceHistoryId]));
    const results = all.map((j) => ({ key: j.idempotencyKey, result: JSON.parse(j.result!) as ChangeBalanceJobResult }));
    for (const { key, result } of results) expect(result).toEqual({ outcome: 'applied', balanceHistoryId: idByExternal.get(key), reconciled: expect.any(Boolean) });
    const reconciled = results.filter((r) => r.result.outcome === 'applied' && r.result.reconciled).length;
    // At least the 15 applied by the instance that died, plus the answers lost on the way.
    expect(reconciled).toBeGreaterThanOrEqual(15);
    process.stdout.write(
      `exactly-once (${onPostgres() ? 'postgres' : 'sqlite'}): ${JOBS} jobs in ${Date.now() - started} ms, ` +
        `3.5 sent ${faults.length}× (${faults.filter(Boolean).length} with an injected fault), ${reconciled} reconciled from the balance history, ` +
        `finished by instance A ${finishedBy.a} / B ${finishedBy.b}\n`,
    );
  }, 60000);
});
