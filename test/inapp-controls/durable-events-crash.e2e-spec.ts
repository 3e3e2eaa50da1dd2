import { DataSource } from 'typeorm';
import { JobQueue } from '../../src/kernel/jobs/job-queue.service';
import { JobWorker } from '../../src/kernel/jobs/job-worker.service';
import { Job } from '../../src/kernel/jobs/job.entity';
import { UnitOfWork } from '../../src/kernel/database/unit-of-work';
import { KycSubmissions } from '../../src/modules/inapp-actions/kyc/kyc-submissions.service';
import { RibbonUserFact } from '../../src/modules/inapp-controls/entities/ribbon-user-fact.entity';
import { CtraderSimulator } from '../../src/simulator';
import { seedUser } from '../support/seed';
import { ctraderTestConfig, startSimulatorFor, withEnv } from '../support/simulator-harness';
import { onPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

const KIND = 'event.ribbons.kycStatusChanged';

/**
 * Issue #20, durable cross-module events — the lighter, honest variant of "kill between commit and reaction": the
 * first instance commits a KYC submission with its job worker stopped (JOBS_AUTOSTART=false), so the ribbons'
 * reaction exists only as the job written in that transaction; the instance then goes away without ever running
 * it. A new instance on the same database runs the reaction exactly once, and running the job again (an admin
 * retry, or an at-least-once redelivery) does not apply it twice.
 */
describe(`durable events survive the end of the emitting instance (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let restoreEnv: () => void;
  let sim: CtraderSimulator;
  let first: TestApp | undefined;
  let second: TestApp | undefined;
  // The worker settings are part of the config, built before the suite's environment is set: given here.
  const config = ctraderTestConfig({ raw: { logLevel: 'error', jobs: { autoStart: false, backoffBaseMs: 10, backoffMaxMs: 100 } } });

  beforeAll(async () => {
    restoreEnv = withEnv({ LOG_LEVEL: 'error' });
    sim = await startSimulatorFor(config);
  }, 60000);
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await sim?.close();
    restoreEnv();
  });

  it('the reaction committed with the change runs once on the next instance, and a re-run changes nothing', async () => {
    first = await startTestApp(config);
    const simUser = sim.state.createUser({ brokerCrmName: 'crm_shared', email: `durable-${Date.now()}@example.com` });
    const user = await seedUser(first.app, 'broker_a', { ctidUserId: simUser.userId });
    await first.app.get(KycSubmissions).submit({ brokerName: 'broker_a', userId: user.id, accountLogin: null, documentType: 'passport', files: [] });

    const ds1 = first.app.get(DataSource);
    const jobsFor = (ds: DataSource) => ds.getRepository(Job).find({ where: { kind: KIND, brokerName: 'broker_a' } });
    const mine = (jobs: Job[]) => jobs.filter((j) => (JSON.parse(j.payload) as { payload: { userId: number } }).payload.userId === user.id);
    // Committed with the submission, not run: no fact yet.
    const before = mine(await jobsFor(ds1));
    expect(before.map((j) => j.state)).toEqual(['pending']);
    expect(JSON.parse(before[0].payload)).toEqual({
      event: 'kyc.statusChanged',
      eventId: expect.any(String),
      occurredAt: expect.any(Number),
      payload: { brokerName: 'broker_a', userId: user.id, status: 'pending' },
    });
    expect(await ds1.getRepository(RibbonUserFact).findOneBy({ brokerName: 'broker_a', userId: user.id })).toBeNull();
    await first.close();
    first = undefined;

    second = await startTestApp(config);
    const ds2 = second.app.get(DataSource);
    await second.app.get(JobWorker).drain(30000);
    const after = mine(await jobsFor(ds2));
    expect(after.map((j) => [j.id, j.state, j.attempts])).toEqual([[before[0].id, 'succeeded', 1]]);
    const facts = await ds2.getRepository(RibbonUserFact).findBy({ brokerName: 'broker_a', userId: user.id });
    expect(facts.map((f) => f.kycStatus)).toEqual(['pending']);
    const applied = facts[0];

    // A newer status arrives; then the old reaction runs once more (admin retry): it must not undo the newer one.
    await second.app.get(KycSubmissions).submit({ brokerName: 'broker_a', userId: user.id, accountLogin: null, documentType: 'passport', files: [] });
    await second.app.get(JobWorker).drain(30000);
    await ds2.query(
      `UPDATE "ribbon_user_fact" SET "kycStatus" = 'approved', "kycStatusAt" = "kycStatusAt" + 1 WHERE "brokerName" = 'broker_a' AND "userId" = ${user.id}`,
    );
    const stamped = (await ds2.getRepository(RibbonUserFact).findOneByOrFail({ brokerName: 'broker_a', userId: user.id })).kycStatusAt;
    expect(await second.app.get(UnitOfWork).run((m) => second!.app.get(JobQueue).retry(before[0].id, m))).toBeNull(); // succeeded jobs are not retried
    await ds2.query(`UPDATE "job" SET "state" = 'dead' WHERE "id" = '${before[0].id}'`);
    await second.app.get(UnitOfWork).run((m) => second!.app.get(JobQueue).retry(before[0].id, m));
    await second.app.get(JobWorker).drain(30000);
    const rerun = await ds2.getRepository(Job).findOneByOrFail({ id: before[0].id });
    expect([rerun.state, rerun.attempts]).toEqual(['succeeded', 2]);
    const final = await ds2.getRepository(RibbonUserFact).findBy({ brokerName: 'broker_a', userId: user.id });
    expect(final.map((f) => [f.id, f.kycStatus, f.kycStatusAt])).toEqual([[applied.id, 'approved', stamped]]);
    expect(mine(await jobsFor(ds2))).toHaveLength(2);
  });
});
