import { DataSource } from 'typeorm';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { AppConfig } from '../../src/config/app-config';
import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { ChangeBalanceJobs } from '../../src/kernel/ctrader-gateway/change-balance/change-balance-jobs.service';
import { CHANGE_BALANCE_JOB_KIND } from '../../src/kernel/ctrader-gateway/change-balance/change-balance.job';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { UnitOfWork } from '../../src/kernel/database/unit-of-work';
import { JobContext, JobHandler } from '../../src/kernel/jobs/job-handler';
import { JobHandlerRegistry } from '../../src/kernel/jobs/job-handler.registry';
import { JobIdempotencyConflictError } from '../../src/kernel/jobs/job-idempotency-conflict.error';
import { JobOutcomeBus, JobOutcomeEvent } from '../../src/kernel/jobs/job-outcome.bus';
import { JobPermanentError } from '../../src/kernel/jobs/job-permanent.error';
import { EnqueueInput, JobQueue } from '../../src/kernel/jobs/job-queue.service';
import { JobWorker } from '../../src/kernel/jobs/job-worker.service';
import { Job, SYSTEM_JOB_BROKER } from '../../src/kernel/jobs/job.entity';
import { CtraderSimulator } from '../../src/simulator';
import { ctraderTestConfig, startSimulatorFor, withEnv } from '../support/simulator-harness';
import { http, startTestApp, TestApp } from '../support/test-app';
import { expectErrorBody } from '../support/error-body';

describe('durable jobs (ARCHITECTURE.md §4) on the real app', () => {
  let restoreEnv: () => void;
  let config: AppConfig;
  let sim: CtraderSimulator;
  let t: TestApp;
  let queue: JobQueue;
  let worker: JobWorker;
  let handlers: JobHandlerRegistry;
  let uow: UnitOfWork;
  let bus: JobOutcomeBus;
  const outcomes: JobOutcomeEvent[] = [];
  let seq = 0;
  const key = () => `key-${++seq}`;

  beforeAll(async () => {
    // The worker is driven by hand (runOnce/drain) here; short backoffs keep the suite fast.
    // No test waits for a lease to run out (the reclaim test writes the expiry), so the lease can be long: long
    // enough that a 3.5's deadline (lease end minus a margin) leaves room for the 2 s call timeout.
    restoreEnv = withEnv({
      JOBS_AUTOSTART: 'false',
      JOBS_BACKOFF_BASE_MS: '10',
      JOBS_BACKOFF_MAX_MS: '40',
      JOBS_LEASE_MS: '10000',
      JOBS_MAX_ATTEMPTS: '4',
      JOBS_POLL_INTERVAL_MS: '50',
    });
    // Long enough that no call the simulator answers normally times out on a slow machine: only the injected
    // 'timeout' fault does (which then takes this long once).
    config = ctraderTestConfig({ timeoutMs: 2000 });
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    queue = t.app.get(JobQueue);
    worker = t.app.get(JobWorker);
    handlers = t.app.get(JobHandlerRegistry);
    uow = t.app.get(UnitOfWork);
    bus = t.app.get(JobOutcomeBus);
    bus.onAny((e) => void outcomes.push(e));
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
    restoreEnv();
  });

  const enqueue = <P>(input: Omit<EnqueueInput<P>, 'idempotencyKey'> & { idempotencyKey?: string }) =>
    uow.run((m) => queue.enqueue(m, { idempotencyKey: key(), ...input }));
  const jobRow = (id: string) => t.app.get(DataSource).getRepository(Job).findOneByOrFail({ id });
  /** A handler for one test: records what it saw, behaves as `behave` says. */
  function handler(kind: string, behave: (payload: any, ctx: JobContext) => Promise<unknown>) {
    const seen: JobContext[] = [];
    const h: JobHandler = { kind, handle: (p, ctx) => (seen.push(ctx), behave(p, ctx)) };
    handlers.register(h);
    return { seen, done: () => handlers.unregister(kind) };
  }

  describe('enqueue', () => {
    it('commits with the business transaction and vanishes with its rollback', async () => {
      const k = key();
      await expect(
        uow.run(async (m) => {
          await queue.enqueue(m, { brokerName: 'broker_a', kind: 'test.parked', payload: { n: 1 }, idempotencyKey: k });
          throw new Error('the business write failed');
        }),
      ).rejects.toThrow('the business write failed');
      expect(await t.app.get(DataSource).getRepository(Job).countBy({ idempotencyKey: k })).toBe(0);
      const { job, created } = await uow.run((m) => queue.enqueue(m, { brokerName: 'broker_a', kind: 'test.parked', payload: { n: 1 }, idempotencyKey: k }));
      expect(created).toBe(true);
      expect(await jobRow(job.id)).toMatchObject({ state: 'pending', attempts: 0, maxAttempts: 4, payload: '{"n":1}' });
    });

    it('the same idempotency key yields one job, also when enqueued concurrently', async () => {
      const k = key();
      const input = { brokerName: 'broker_a', kind: 'test.parked', payload: { amount: '1.00', to: 7 }, idempotencyKey: k };
      const results = await Promise.all(Array.from({ length: 8 }, () => uow.run((m) => queue.enqueue(m, input))));
      expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      // Key order of the payload does not make it a different intent.
      const again = await uow.run((m) => queue.enqueue(m, { ...input, payload: { to: 7, amount: '1.00' } }));
      expect(again).toMatchObject({ created: false, job: { id: results[0].job.id } });
      expect(await t.app.get(DataSource).getRepository(Job).countBy({ idempotencyKey: k })).toBe(1);
      // The key is per broker and kind.
      const other = await uow.run((m) => queue.enqueue(m, { ...input, brokerName: 'broker_b' }));
      expect(other.created).toBe(true);
    });

    it('refuses to reuse a key for a different payload', async () => {
      const k = key();
      await enqueue({ brokerName: 'broker_a', kind: 'test.parked', payload: { a: 1 }, idempotencyKey: k });
      await expect(enqueue({ brokerName: 'broker_a', kind: 'test.parked', payload: { a: 2 }, idempotencyKey: k })).rejects.toBeInstanceOf(
        JobIdempotencyConflictError,
      );
    });
  });

  describe('worker', () => {
    it('runs a job, stores its result and publishes the outcome', async () => {
      const h = handler('test.echo', async (p) => ({ echoed: p }));
      try {
        const { job } = await enqueue({ brokerName: 'broker_a', kind: 'test.echo', payload: { hello: 'world' } });
        await worker.drain();
        expect(await jobRow(job.id)).toMatchObject({
          state: 'succeeded',
          attempts: 1,
          result: '{"echoed":{"hello":"world"}}',
          lockedBy: null,
          lockedUntil: null,
        });
        expect(h.seen[0]).toMatchObject({ jobId: job.id, brokerName: 'broker_a', attempt: 1 });
        expect(outcomes.find((o) => o.jobId === job.id)).toEqual({
          jobId: job.id,
          brokerName: 'broker_a',
          kind: 'test.echo',
          state: 'succeeded',
          result: { echoed: { hello: 'world' } },
          lastError: null,
          attempts: 1,
        });
      } finally {
        h.done();
      }
    });

    it('retries a failing job with backoff and succeeds; the error is kept, no secret in it', async () => {
      let calls = 0;
      const h = handler('test.flaky', async () => {
        if (++calls < 3) throw new Error(`transient failure ${calls}`);
        return 'ok';
      });
      try {
        const { job } = await enqueue({ brokerName: 'broker_a', kind: 'test.flaky', payload: {} });
        await worker.drain();
        expect(await jobRow(job.id)).toMatchObject({ state: 'succeeded', attempts: 3, lastError: 'Error: transient failure 2' });
        expect(h.seen.map((c) => c.attempt)).toEqual([1, 2, 3]);
      } finally {
        h.done();
      }
    });

    it('is dead after maxAttempts, or at once on a permanent error', async () => {
      const always = handler('test.broken', async () => {
        throw new Error('still broken');
      });
      const permanent = handler('test.refused', async () => {
        throw new JobPermanentError('refused by cTrader', { errorCode: 'NOT_ENOUGH_MONEY' });
      });
      try {
        const a = await enqueue({ brokerName: 'broker_a', kind: 'test.broken', payload: {}, maxAttempts: 3 });
        const b = await enqueue({ brokerName: 'broker_a', kind: 'test.refused', payload: {} });
        await worker.drain();
        expect(await jobRow(a.job.id)).toMatchObject({ state: 'dead', attempts: 3, lastError: 'Error: still broken (after 3 attempts)' });
        expect(await jobRow(b.job.id)).toMatchObject({ state: 'dead', attempts: 1, result: '{"errorCode":"NOT_ENOUGH_MONEY"}' });
        expect(outcomes.find((o) => o.jobId === a.job.id)?.state).toBe('dead');
        expect(outcomes.find((o) => o.jobId === b.job.id)).toMatchObject({ state: 'dead', result: { errorCode: 'NOT_ENOUGH_MONEY' } });
      } finally {
        always.done();
        permanent.done();
      }
    });

    it('a job whose worker died is reclaimed after its lease expires; the dead worker cannot record anything', async () => {
      const h = handler('test.reclaim', async () => 'done by the live worker');
      try {
        const { job } = await enqueue({ brokerName: 'broker_a', kind: 'test.reclaim', payload: {} });
        const now = Date.now();
        // A lease no slow machine outlives during the check below; its expiry is then written, not waited for.
        const [claimed] = await queue.claim({ workerId: 'crashed-instance', now, leaseUntil: now + 600_000, limit: 1, kinds: ['test.reclaim'] });
        expect(claimed).toMatchObject({ id: job.id, state: 'running', attempts: 1, lockedBy: 'crashed-instance' });
        expect(await worker.runOnce()).toBe(0); // leased: not claimable yet
        // The lease runs out (the crashed instance never renews it).
        await t.app
          .get(DataSource)
          .getRepository(Job)
          .update({ id: job.id }, { lockedUntil: Date.now() - 1 });
        await worker.drain();
        expect(await jobRow(job.id)).toMatchObject({ state: 'succeeded', attempts: 2, result: '"done by the live worker"' });
        expect(h.seen[0].attempt).toBe(2);
        expect(await queue.complete(claimed, 'crashed-instance', { state: 'dead', error: 'late' })).toBe(false);
        expect((await jobRow(job.id)).state).toBe('succeeded');
      } finally {
        h.done();
      }
    });

    it('renewing a lease that another worker took fails, and the worker then writes nothing', async () => {
      let jobId = '';
      const h = handler('test.stolen', async (_p, ctx) => {
        // Another instance reclaimed the job while this one was slow.
        await t.app.get(DataSource).getRepository(Job).update({ id: ctx.jobId }, { lockedBy: 'other-instance' });
        await ctx.renewLease(1000);
        return 'must not be recorded';
      });
      try {
        jobId = (await enqueue({ brokerName: 'broker_a', kind: 'test.stolen', payload: {} })).job.id;
        expect(await worker.runOnce()).toBe(1);
        expect(await jobRow(jobId)).toMatchObject({ state: 'running', lockedBy: 'other-instance', result: null });
        expect(outcomes.find((o) => o.jobId === jobId)).toBeUndefined();
      } finally {
        h.done();
        await t.app.get(DataSource).getRepository(Job).update({ id: jobId }, { state: 'dead', lockedBy: null });
      }
    });

    it('the worker starts, claims on its own and stops gracefully', async () => {
      const h = handler('test.auto', async () => 'auto');
      try {
        worker.start();
        const { job } = await enqueue({ brokerName: 'broker_a', kind: 'test.auto', payload: {} });
        for (let i = 0; i < 100 && (await jobRow(job.id)).state !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 50));
        expect((await jobRow(job.id)).state).toBe('succeeded');
      } finally {
        await worker.stop();
        h.done();
      }
    });
  });

  describe('ctrader.changeBalance job', () => {
    let login: number;
    beforeAll(async () => {
      login = (
        await t.app.get(CtraderGateway).createTrader('broker_a', {
          accessRights: 'FULL_ACCESS',
          accountType: 'HEDGED',
          balance: 0,
          depositCurrency: 'USD',
          groupName: 'Default',
          traderPassword: 'pw',
          leverageInCents: 10000,
          totalMarginCalculationType: 'MAX',
        })
      ).login;
    });
    afterEach(() => sim.faults.clear());
    const jobs = () => t.app.get(ChangeBalanceJobs);
    const history = (externalId: string) => (sim.state.balanceHistory(login) ?? []).filter((h) => h.externalId === externalId);

    it('applies a deposit once and records its balanceHistoryId', async () => {
      const { job } = await uow.run((m) =>
        jobs().enqueue(m, 'broker_a', { login, preciseAmount: '25.50', type: 'DEPOSIT', externalId: 'dep-ok', comment: 'first' }),
      );
      expect(job).toMatchObject({ kind: CHANGE_BALANCE_JOB_KIND, idempotencyKey: 'dep-ok' });
      await worker.drain();
      const [entry] = history('dep-ok');
      expect(entry).toMatchObject({ delta: '25.50', comment: 'first' });
      expect(JSON.parse((await jobRow(job.id)).result!)).toEqual({ outcome: 'applied', balanceHistoryId: entry.balanceHistoryId, reconciled: false });
    });

    const attempt = (externalId: string) => t.app.get(ChangeBalanceJobs).attemptOf('broker_a', externalId);
    /** Runs `body` with broker_a's configured reconciliation source on (and the simulator serving it). */
    async function withReconciliationSource(body: () => Promise<void>): Promise<void> {
      const source = t.app.get(BrokerRegistry).findByName('broker_a')!.config.ctrader.reconciliation.balanceHistory;
      source.enabled = true;
      sim.quirks.balanceHistoryRead = true;
      try {
        await body();
      } finally {
        source.enabled = false;
        sim.quirks.balanceHistoryRead = false;
      }
    }

    it('answer lost after the effect, no reconciliation source: one 3.5, then unconfirmed; an admin retry sends nothing', async () => {
      sim.faults.add({ call: '3.5', mode: 'dropAfterEffect' });
      const before = sim.state.countCalls('3.5');
      const { job } = await uow.run((m) => jobs().enqueue(m, 'broker_a', { login, preciseAmount: '10', type: 'DEPOSIT', externalId: 'dep-dropped' }));
      await worker.drain();
      expect(history('dep-dropped')).toHaveLength(1);
      expect(sim.state.countCalls('3.5')).toBe(before + 1);
      expect(sim.state.countCalls('balanceHistoryRead')).toBe(0);
      const row = await jobRow(job.id);
      expect(row).toMatchObject({ state: 'dead', attempts: 1 });
      expect(JSON.parse(row.result!)).toEqual({ outcome: 'unconfirmed', errorCode: expect.stringMatching(/^NETWORK_ERROR/), status: null });
      expect(await attempt('dep-dropped')).toMatchObject({ state: 'sending', sends: 1, lastErrorCode: expect.stringMatching(/^NETWORK_ERROR/) });
      expect(await jobs().outcomeOf('broker_a', 'dep-dropped')).toBe('unknown');

      // An admin retries the dead job: it must not send 3.5 blind.
      await uow.run((m) => queue.retry(job.id, m));
      await worker.drain();
      expect(sim.state.countCalls('3.5')).toBe(before + 1);
      expect(await jobRow(job.id)).toMatchObject({ state: 'dead', attempts: 2 });
      expect(history('dep-dropped')).toHaveLength(1);
    });

    it('a 5xx or a timeout leaves the outcome unknown: never a second 3.5 without a source', async () => {
      for (const [externalId, fault] of [
        ['dep-503', { call: '3.5', mode: 'error', status: 503 }],
        ['dep-timeout', { call: '3.5', mode: 'timeout' }],
      ] as const) {
        sim.faults.add(fault);
        const before = sim.state.countCalls('3.5');
        const { job } = await uow.run((m) => jobs().enqueue(m, 'broker_a', { login, preciseAmount: '1', type: 'DEPOSIT', externalId }));
        await worker.drain();
        expect(sim.state.countCalls('3.5')).toBe(before + 1);
        expect(history(externalId)).toHaveLength(0);
        expect(await jobRow(job.id)).toMatchObject({ state: 'dead', attempts: 1 });
        expect(await jobs().outcomeOf('broker_a', externalId)).toBe('unknown');
        sim.faults.clear();
      }
    });

    it('a refusal that proves nothing happened (the manager token refused twice) is retried, and the deposit is made once', async () => {
      sim.faults.add({ call: '3.5', mode: 'error', status: 401, errorCode: 'INVALID_WEBSERV_TOKEN', times: 2 });
      const { job } = await uow.run((m) => jobs().enqueue(m, 'broker_a', { login, preciseAmount: '2', type: 'DEPOSIT', externalId: 'dep-auth' }));
      await worker.drain();
      expect(history('dep-auth')).toHaveLength(1);
      expect(await jobRow(job.id)).toMatchObject({ state: 'succeeded', attempts: 2 });
      expect(await attempt('dep-auth')).toMatchObject({
        state: 'applied',
        sends: 2,
        confirmedBy: 'answer',
        balanceHistoryId: history('dep-auth')[0].balanceHistoryId,
      });
    });

    it('with a configured reconciliation source: a lost answer is confirmed from it (no second 3.5); a 503 without effect is sent once more', async () => {
      await withReconciliationSource(async () => {
        sim.faults.add({ call: '3.5', mode: 'dropAfterEffect' });
        let before = sim.state.countCalls('3.5');
        const dropped = (await uow.run((m) => jobs().enqueue(m, 'broker_a', { login, preciseAmount: '3', type: 'DEPOSIT', externalId: 'dep-src-dropped' })))
          .job;
        await worker.drain();
        expect(sim.state.countCalls('3.5')).toBe(before + 1);
        expect(history('dep-src-dropped')).toHaveLength(1);
        expect(JSON.parse((await jobRow(dropped.id)).result!)).toEqual({
          outcome: 'applied',
          balanceHistoryId: history('dep-src-dropped')[0].balanceHistoryId,
          reconciled: true,
        });
        expect(await attempt('dep-src-dropped')).toMatchObject({ state: 'applied', confirmedBy: 'source' });

        sim.faults.add({ call: '3.5', mode: 'error', status: 503 });
        before = sim.state.countCalls('3.5');
        const failed = (await uow.run((m) => jobs().enqueue(m, 'broker_a', { login, preciseAmount: '4', type: 'DEPOSIT', externalId: 'dep-src-503' }))).job;
        await worker.drain();
        expect(sim.state.countCalls('3.5')).toBe(before + 2);
        expect(history('dep-src-503')).toHaveLength(1);
        expect(await jobRow(failed.id)).toMatchObject({ state: 'succeeded', attempts: 2 });
      });
    });

    it('bonus types: a 200 without balanceHistoryId is a success (the docs name none for them)', async () => {
      const { job } = await uow.run((m) =>
        jobs().enqueue(m, 'broker_a', { login, preciseAmount: '5', type: 'DEPOSIT_NONWITHDRAWABLE_BONUS', externalId: 'bonus-1' }),
      );
      await worker.drain();
      expect(history('bonus-1')).toHaveLength(1);
      expect(sim.state.getTrader(login)?.nonWithdrawableBonus).toBe(500);
      expect(JSON.parse((await jobRow(job.id)).result!)).toEqual({ outcome: 'applied', balanceHistoryId: null, reconciled: false });
    });

    it('the simulator serves no balance-history read unless switched on (the docs have none)', async () => {
      const gateway = t.app.get(CtraderGateway);
      await expect(gateway.findConfirmedBalanceChange('broker_a', login, 'dep-ok')).rejects.toMatchObject({
        kind: 'configuration',
        errorCode: 'RECONCILIATION_SOURCE_NOT_CONFIGURED',
      });
      const source = t.app.get(BrokerRegistry).findByName('broker_a')!.config.ctrader.reconciliation.balanceHistory;
      source.enabled = true;
      try {
        await expect(gateway.findConfirmedBalanceChange('broker_a', login, 'dep-ok')).rejects.toMatchObject({ kind: 'rejected', status: 404 });
      } finally {
        source.enabled = false;
      }
    });

    it('a business refusal is final: dead, with cTrader\u2019s code for the business module', async () => {
      const seen: JobOutcomeEvent[] = [];
      const off = bus.on(CHANGE_BALANCE_JOB_KIND, (e) => void seen.push(e));
      try {
        const { job } = await uow.run((m) => jobs().enqueue(m, 'broker_a', { login, preciseAmount: '1000000', type: 'WITHDRAW', externalId: 'wd-too-much' }));
        await worker.drain();
        expect(await jobRow(job.id)).toMatchObject({
          state: 'dead',
          attempts: 1,
          lastError: 'JobPermanentError: cTrader refused the balance change: NOT_ENOUGH_MONEY',
        });
        expect(seen).toEqual([
          expect.objectContaining({ jobId: job.id, state: 'dead', result: { outcome: 'rejected', errorCode: 'NOT_ENOUGH_MONEY', status: 400 } }),
        ]);
        expect(history('wd-too-much')).toHaveLength(0);
      } finally {
        off();
      }
    });

    it('refuses a payload that could not be reconciled or sent exactly', async () => {
      const bad = [
        { login, preciseAmount: '1.5e3', type: 'DEPOSIT', externalId: 'x' },
        { login, preciseAmount: '1', type: 'DEPOSIT', externalId: 'has space' },
        { login, preciseAmount: '1', type: 'GIFT', externalId: 'y' },
        { login: -1, preciseAmount: '1', type: 'DEPOSIT', externalId: 'z' },
      ];
      for (const payload of bad) await expect(uow.run((m) => jobs().enqueue(m, 'broker_a', payload as never))).rejects.toThrow(TypeError);
    });
  });

  describe('admin API', () => {
    let all: string;
    let readA: string;
    let writeA: string;
    let deadA: string;
    let pendingA: string;
    let jobB: string;
    let systemJob: string;
    const A = '/admin/brokers/broker_a/jobs';

    beforeAll(async () => {
      const keys = t.app.get(AdminApiKeyService);
      all = (await keys.create({ name: 'root', role: 'write', brokers: '*' })).key;
      readA = (await keys.create({ name: 'read a', role: 'read', brokers: ['broker_a'] })).key;
      writeA = (await keys.create({ name: 'write a', role: 'write', brokers: ['broker_a'] })).key;
      const h = handler('test.admin.dies', async () => {
        throw new JobPermanentError('no');
      });
      deadA = (await enqueue({ brokerName: 'broker_a', kind: 'test.admin.dies', payload: { note: 'x', traderPassword: 'hunter2' } })).job.id;
      await worker.drain();
      h.done();
      pendingA = (await enqueue({ brokerName: 'broker_a', kind: 'test.parked', payload: { webservToken: 'abc', keep: 1 } })).job.id;
      jobB = (await enqueue({ brokerName: 'broker_b', kind: 'test.parked', payload: {} })).job.id;
      systemJob = (await enqueue({ brokerName: SYSTEM_JOB_BROKER, kind: 'test.parked', payload: {} })).job.id;
    });

    const call = (method: string, path: string, apiKey?: string) =>
      http(`${t.baseUrl}${path}`, { method, headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });

    it('needs a key; lists the broker of the path only; filters; never shows secrets', async () => {
      expect((await call('GET', A)).status).toBe(401);
      const mine = await call('GET', `${A}?limit=500`, readA);
      expect(mine.status).toBe(200);
      expect(mine.body.every((j: { brokerName: string }) => j.brokerName === 'broker_a')).toBe(true);
      expect(mine.body.map((j: { id: string }) => j.id)).toEqual(expect.arrayContaining([deadA, pendingA]));
      expect(mine.body.map((j: { id: string }) => j.id)).not.toContain(jobB);
      expect((await call('GET', `${A}?limit=500`, all)).body.map((j: { id: string }) => j.id)).not.toContain(jobB);
      expect((await call('GET', '/admin/brokers/broker_b/jobs', readA)).body.code).toBe('ADMIN_BROKER_FORBIDDEN');
      expect((await call('GET', '/admin/brokers/no_such_broker/jobs', all)).body.code).toBe('NOT_FOUND');
      // The broker is in the path only: the query no longer names one.
      expect((await call('GET', `${A}?brokerName=broker_a`, readA)).body.code).toBe('INVALID_REQUEST');
      const dead = await call('GET', `${A}?state=dead&kind=test.admin.dies`, readA);
      expect(dead.body.map((j: { id: string }) => j.id)).toEqual([deadA]);
      expect((await call('GET', `${A}?state=bogus`, readA)).status).toBe(400);
      expect(mine.text).not.toMatch(/hunter2|"abc"/);
      expect(mine.body.find((j: { id: string }) => j.id === pendingA).payload).toEqual({ webservToken: '[REDACTED]', keep: 1 });
      expect(mine.body.find((j: { id: string }) => j.id === deadA)).toMatchObject({
        state: 'dead',
        attempts: 1,
        lastError: 'JobPermanentError: no',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        payload: { note: 'x', traderPassword: '[REDACTED]' },
      });
    });

    it('one job: 404 for another broker\u2019s job (even for a key of every broker) or a malformed id', async () => {
      expect((await call('GET', `${A}/${deadA}`, readA)).body.id).toBe(deadA);
      expect((await call('GET', `${A}/${jobB}`, readA)).status).toBe(404);
      expect((await call('GET', `${A}/${jobB}`, all)).body.code).toBe('NOT_FOUND');
      expect((await call('GET', `/admin/brokers/broker_b/jobs/${jobB}`, all)).body.brokerName).toBe('broker_b');
      expect((await call('GET', `${A}/not-a-uuid`, all)).body.code).toBe('NOT_FOUND');
    });

    it("the deployment's own jobs are at /admin/jobs, for a key of every broker only", async () => {
      const list = await call('GET', '/admin/jobs?limit=500', all);
      expect(list.status).toBe(200);
      expect(list.body.map((j: { id: string }) => j.id)).toContain(systemJob);
      expect(list.body.every((j: { brokerName: string }) => j.brokerName === SYSTEM_JOB_BROKER)).toBe(true);
      expect((await call('GET', `/admin/jobs/${systemJob}`, all)).body.id).toBe(systemJob);
      expect((await call('GET', `/admin/jobs/${deadA}`, all)).body.code).toBe('NOT_FOUND');
      expect((await call('GET', '/admin/jobs', readA)).body.code).toBe('ADMIN_BROKER_FORBIDDEN');
      expect((await call('POST', `/admin/jobs/${systemJob}/cancel`, writeA)).body.code).toBe('ADMIN_BROKER_FORBIDDEN');
      expect((await call('POST', `/admin/jobs/${systemJob}/cancel`, all)).body.state).toBe('cancelled');
      expect((await call('POST', `/admin/jobs/${systemJob}/retry`, all)).body.state).toBe('pending');
    });

    it('retry: write keys only, dead/cancelled only, attempts kept with a fresh budget, audited', async () => {
      expect((await call('POST', `${A}/${deadA}/retry`, readA)).body.code).toBe('ADMIN_FORBIDDEN');
      const r = await call('POST', `${A}/${deadA}/retry`, writeA);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: deadA, state: 'pending', attempts: 1, maxAttempts: 5, result: null });
      const again = await call('POST', `${A}/${deadA}/retry`, writeA);
      expect(again.status).toBe(409);
      expectErrorBody(again.body, 409, 'CONFLICT');
      expect((await call('POST', `${A}/${jobB}/retry`, writeA)).status).toBe(404);
      const audit = await call('GET', '/admin/audit-events?brokerName=broker_a', all);
      expect(audit.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'job.retry', target: `job:${deadA}`, details: { kind: 'test.admin.dies', previousState: 'dead', attempts: 1 } }),
        ]),
      );
    });

    it('cancel: pending only, publishes the outcome, audited; a cancelled job can be retried', async () => {
      const r = await call('POST', `${A}/${pendingA}/cancel`, writeA);
      expect(r.status).toBe(200);
      expect(r.body.state).toBe('cancelled');
      expect(outcomes.find((o) => o.jobId === pendingA)).toMatchObject({ state: 'cancelled', kind: 'test.parked' });
      expect((await call('POST', `${A}/${pendingA}/cancel`, writeA)).status).toBe(409);
      const audit = await call('GET', '/admin/audit-events?brokerName=broker_a', all);
      expect(audit.body.some((e: { action: string; target: string }) => e.action === 'job.cancel' && e.target === `job:${pendingA}`)).toBe(true);
      expect((await call('POST', `${A}/${pendingA}/retry`, writeA)).body.state).toBe('pending');
    });
  });
});
