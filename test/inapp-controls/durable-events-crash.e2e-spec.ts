import { DataSource } from 'typeorm';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { JobQueue } from '../../src/kernel/jobs/job-queue.service';
import { JobWorker } from '../../src/kernel/jobs/job-worker.service';
import { Job } from '../../src/kernel/jobs/job.entity';
import { UnitOfWork } from '../../src/kernel/database/unit-of-work';
import { KycSubmissions } from '../../src/modules/inapp-actions/kyc/services/kyc-submissions.service';
import { RibbonUserFact } from '../../src/modules/inapp-controls/entities/ribbon-user-fact.entity';
import { CtraderSimulator } from '../../src/simulator';
import { seedUser } from '../support/seed';
import { ServerProcess, startProcessSimulator, startServerProcess, writeProcessConfig } from '../support/server-process';
import { ctraderTestConfig, startSimulatorFor, withEnv } from '../support/simulator-harness';
import { freshDatabase, onPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';

const KIND = 'event.ribbons.kycStatusChanged';
const DIALECT = onPostgres() ? 'PostgreSQL' : 'SQLite';

type Envelope = { event: string; eventId: string; payload: { userId: number; status: string } };
const envelopeOf = (job: Job) => JSON.parse(job.payload) as Envelope;

/** Polls until `probe` answers (no fixed wait; the suite's own timeout is the limit). */
async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Issue #20, durable cross-module events: the process that commits a change is killed with SIGKILL between the
 * commit and the reaction, restarted, and the reaction happens exactly once.
 *
 * The kill lands between the two deterministically through configuration only: the first server process runs with
 * JOBS_AUTOSTART=false, so its job worker is stopped and the reaction it would otherwise run right after the commit
 * (DurableEvents → JobWorker.runNow) stays a pending job. The admin's KYC review is answered (so it is committed), the
 * process is killed without any shutdown, and a new process on the same database — its worker running — runs the
 * reaction once. No code path exists for the test: the worker setting is the production one.
 */
describe(`durable events: a process killed between the commit and the reaction (${DIALECT})`, () => {
  let restoreEnv: () => void;
  let sim: CtraderSimulator;
  let seeder: TestApp;
  let configFile: string;
  let first: ServerProcess | undefined;
  let second: ServerProcess | undefined;

  beforeAll(async () => {
    // The seeder is an instance too: with its worker stopped it never runs the reaction under test.
    restoreEnv = withEnv({ JOBS_AUTOSTART: 'false' });
    sim = await startProcessSimulator();
    const db = freshDatabase();
    seeder = await startTestApp(testConfig({ database: { url: db.url, schema: db.schema } }));
    configFile = writeProcessConfig({ simulatorUrl: sim.url, databaseUrl: db.url, databaseSchema: db.schema });
  }, 120_000);

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await seeder?.close();
    await sim?.close();
    restoreEnv();
  });

  it('the reaction committed with the change runs exactly once after a SIGKILL and a restart', async () => {
    const ds = seeder.app.get(DataSource);
    const simUser = sim.state.createUser({ brokerCrmName: 'crm_shared', email: `killed-${Date.now()}@example.com` });
    const user = await seedUser(seeder.app, 'broker_a', { ctidUserId: simUser.userId });
    const submission = await seeder.app
      .get(KycSubmissions)
      .submit({ brokerName: 'broker_a', userId: user.id, accountLogin: null, documentType: 'passport', files: [] });
    await seeder.app.get(JobWorker).drain(30_000); // the submission's own reaction: facts say 'pending'
    const fact = () => ds.getRepository(RibbonUserFact).findBy({ brokerName: 'broker_a', userId: user.id });
    expect((await fact()).map((f) => f.kycStatus)).toEqual(['pending']);
    const reviewJobs = async () =>
      (await ds.getRepository(Job).findBy({ kind: KIND, brokerName: 'broker_a' })).filter((j) => {
        const e = envelopeOf(j);
        return e.payload.userId === user.id && e.payload.status === 'approved';
      });
    const { key } = await seeder.app.get(AdminApiKeyService).create({ name: 'durable events crash', role: 'write', brokers: ['broker_a'] });

    first = await startServerProcess(configFile, { JOBS_AUTOSTART: 'false' });
    const review = await fetch(`${first.baseUrl}/admin/brokers/broker_a/kyc/submissions/${submission.id}/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve' }),
    });
    expect(review.status).toBe(200);
    expect(((await review.json()) as { status: string }).status).toBe('approved');

    // Committed: the approval and its reaction's job; not reacted: the ribbons' facts still say 'pending'.
    const committed = await reviewJobs();
    expect(committed.map((j) => [j.state, j.attempts])).toEqual([['pending', 0]]);
    expect(envelopeOf(committed[0])).toMatchObject({ event: 'kyc.statusChanged', payload: { brokerName: 'broker_a', userId: user.id, status: 'approved' } });
    expect((await fact()).map((f) => f.kycStatus)).toEqual(['pending']);

    await first.crash();
    expect(first.child.signalCode).toBe('SIGKILL');
    // Still nothing reacted: the reaction did not slip in before the kill.
    expect((await reviewJobs()).map((j) => [j.id, j.state, j.attempts])).toEqual([[committed[0].id, 'pending', 0]]);
    expect((await fact()).map((f) => f.kycStatus)).toEqual(['pending']);

    second = await startServerProcess(configFile, { JOBS_AUTOSTART: 'true', JOBS_POLL_INTERVAL_MS: '50' });
    const done = await until(async () => {
      const jobs = await reviewJobs();
      return jobs.every((j) => j.state === 'succeeded') ? jobs : undefined;
    });
    // Exactly once: one job for the event, run once, and one fact row carrying the approval.
    expect(done.map((j) => [j.id, j.state, j.attempts])).toEqual([[committed[0].id, 'succeeded', 1]]);
    const facts = await fact();
    expect(facts.map((f) => f.kycStatus)).toEqual(['approved']);
  }, 180_000);
});

/**
 * In-process companion: an instance that closes with its job worker stopped (JOBS_AUTOSTART=false) leaves the
 * reaction as a pending job; the next instance runs it once, and running the job again (an admin retry, or an
 * at-least-once redelivery) does not apply it twice.
 */
describe(`durable events: the reaction of a closed instance runs once on the next, and a re-run changes nothing (${DIALECT})`, () => {
  let restoreEnv: () => void;
  let sim: CtraderSimulator;
  let first: TestApp | undefined;
  let second: TestApp | undefined;
  // The worker settings are part of the config, built before the suite's environment is set: given here.
  const config = ctraderTestConfig({ raw: { jobs: { autoStart: false, backoffBaseMs: 10, backoffMaxMs: 100 } } });

  beforeAll(async () => {
    restoreEnv = withEnv({});
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
