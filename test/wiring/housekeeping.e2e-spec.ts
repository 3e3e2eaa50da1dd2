import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/kernel/clock/clock';
import { HousekeepingScheduler } from '../../src/kernel/housekeeping/housekeeping-scheduler.service';
import { HOUSEKEEPING_BROKER, HOUSEKEEPING_JOB_KIND } from '../../src/kernel/housekeeping/housekeeping.job';
import { Job } from '../../src/kernel/jobs/job.entity';
import { InappTokenRedemption } from '../../src/kernel/screens/inapp-entry/inapp-token-redemption.entity';
import { ScreenSession } from '../../src/kernel/screens/sessions/screen-session.entity';
import { OneTimeToken } from '../../src/kernel/tokens/one-time-token.entity';
import { StaffInvite } from '../../src/kernel/admin-access/staff/staff-invite.entity';
import { StaffSession } from '../../src/kernel/admin-access/staff/staff-session.entity';
import { LoginDevice } from '../../src/kernel/users/login-device.entity';
import { SignupCodeSend } from '../../src/modules/full-sso/entities/signup-code-send.entity';
import { SignupVerification } from '../../src/modules/full-sso/entities/signup-verification.entity';
import { eventually, FAST_JOBS_ENV } from '../inapp-actions/payments-harness';
import { withEnv } from '../support/simulator-harness';
import { onPostgres } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const hex = () => randomBytes(32).toString('hex');

/**
 * Housekeeping (docs/wiring.md): one durable job per hour slot, however many instances ask, deleting screen
 * sessions, in-app token redemptions and one-time tokens expired for more than a day. Time moves with the
 * kernel Clock, never by sleeping.
 */
describe(`wiring: housekeeping through the durable jobs (${onPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let restoreEnv: () => void;
  let t: TestApp;
  let ds: DataSource;
  let clock: Clock;
  let scheduler: HousekeepingScheduler;

  beforeAll(async () => {
    restoreEnv = withEnv(FAST_JOBS_ENV);
    t = await startTestApp(testConfig());
    ds = t.app.get(DataSource);
    clock = t.app.get(Clock);
    scheduler = t.app.get(HousekeepingScheduler);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    restoreEnv?.();
  });

  const session = (id: string, expiresAt: number, revokedAt: number | null = null) =>
    ds.getRepository(ScreenSession).insert({
      id,
      brokerName: 'broker_a',
      userId: '1',
      kind: 'inapp',
      accountLogin: null,
      createdAt: expiresAt - HOUR,
      lastSeenAt: expiresAt - HOUR,
      expiresAt,
      revokedAt,
      data: '{}',
    });
  const ot = (tokenHash: string, expiresAt: number, consumedAt: number | null = null) =>
    ds.getRepository(OneTimeToken).insert({
      tokenHash,
      brokerName: 'broker_a',
      userId: 1,
      purpose: 'login',
      keepLoggedIn: false,
      accountLogin: null,
      expiresAt,
      consumedAt,
      createdAt: expiresAt - 60_000,
    });
  const redemption = (tokenHash: string, createdAt: number) =>
    ds.getRepository(InappTokenRedemption).insert({ tokenHash, brokerName: 'broker_a', sessionId: hex(), userId: 1, createdAt });
  const exists = {
    session: async (id: string) => (await ds.getRepository(ScreenSession).countBy({ id })) === 1,
    ot: async (tokenHash: string) => (await ds.getRepository(OneTimeToken).countBy({ tokenHash })) === 1,
    redemption: async (tokenHash: string) => (await ds.getRepository(InappTokenRedemption).countBy({ tokenHash })) === 1,
  };
  const runSlot = async () => {
    const { jobId } = await scheduler.tick();
    return eventually(async () => {
      const job = await ds.getRepository(Job).findOneBy({ id: jobId });
      return job && ['succeeded', 'dead'].includes(job.state) ? job : undefined;
    }, 'the housekeeping job to finish');
  };

  it('two instances asking for the same hour get one job (idempotency key per slot); the next hour gets another', async () => {
    const [a, b] = await Promise.all([scheduler.tick(), scheduler.tick()]);
    expect(a.slot).toBe(b.slot);
    expect(a.jobId).toBe(b.jobId);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    const again = await scheduler.tick();
    expect(again).toMatchObject({ jobId: a.jobId, created: false });
    const jobs = await ds.getRepository(Job).findBy({ brokerName: HOUSEKEEPING_BROKER, kind: HOUSEKEEPING_JOB_KIND, idempotencyKey: `purge-${a.slot}` });
    expect(jobs).toHaveLength(1);

    clock.advance(HOUR);
    const next = await scheduler.tick();
    expect(next.slot).toBe(a.slot + 1);
    expect(next.created).toBe(true);
    expect(next.jobId).not.toBe(a.jobId);
  });

  it('deletes only rows expired (or revoked, or redeemed) more than a day ago, as of the kernel Clock', async () => {
    const now = clock.now();
    const ids = {
      oldSession: hex(),
      revokedSession: hex(),
      freshSession: hex(),
      liveSession: hex(),
      oldOt: hex(),
      freshOt: hex(),
      oldRedemption: hex(),
      freshRedemption: hex(),
    };
    await session(ids.oldSession, now - DAY - HOUR);
    await session(ids.revokedSession, now + 10 * DAY, now - DAY - HOUR);
    await session(ids.freshSession, now - 2 * HOUR);
    await session(ids.liveSession, now + 10 * DAY);
    await ot(ids.oldOt, now - DAY - HOUR, now - DAY - HOUR);
    await ot(ids.freshOt, now - 2 * HOUR);
    await redemption(ids.oldRedemption, now - DAY - HOUR);
    await redemption(ids.freshRedemption, now - 2 * HOUR);

    clock.advance(HOUR); // a new slot
    const first = await runSlot();
    expect(first.state).toBe('succeeded');
    expect(first.result).toBeTruthy();
    expect(await exists.session(ids.oldSession)).toBe(false);
    expect(await exists.session(ids.revokedSession)).toBe(false);
    expect(await exists.ot(ids.oldOt)).toBe(false);
    expect(await exists.redemption(ids.oldRedemption)).toBe(false);
    // Expired for less than a day: kept.
    expect(await exists.session(ids.freshSession)).toBe(true);
    expect(await exists.ot(ids.freshOt)).toBe(true);
    expect(await exists.redemption(ids.freshRedemption)).toBe(true);
    expect(await exists.session(ids.liveSession)).toBe(true);

    // A day later by the Clock, the recently expired rows go too; the live session stays.
    clock.advance(DAY);
    expect((await runSlot()).state).toBe('succeeded');
    expect(await exists.session(ids.freshSession)).toBe(false);
    expect(await exists.ot(ids.freshOt)).toBe(false);
    expect(await exists.redemption(ids.freshRedemption)).toBe(false);
    expect(await exists.session(ids.liveSession)).toBe(true);
  });

  it('the purges other owners register: signups, code sends, login devices past their cookie lifetime, staff sessions and invitations', async () => {
    const now = clock.now();
    const ttlMs = t.config.loginProtection.deviceCookieTtlDays * DAY;
    const ids = { oldSignup: hex(), liveSignup: hex(), oldDevice: hex(), liveDevice: hex(), oldStaff: hex(), revokedStaff: hex(), liveStaff: hex() };
    const signup = (handleHash: string, expiresAt: number) =>
      ds.getRepository(SignupVerification).insert({
        handleHash,
        brokerName: 'broker_a',
        email: `${handleHash.slice(0, 8)}@example.com`,
        codeHash: hex(),
        codeExpiresAt: expiresAt,
        attempts: 0,
        addressTaken: false,
        signup: '{}',
        expiresAt,
        consumedAt: null,
        createdAt: expiresAt - HOUR,
      });
    await signup(ids.oldSignup, now - DAY - HOUR);
    await signup(ids.liveSignup, now + HOUR);
    const send = (email: string, sentAt: number) => ds.getRepository(SignupCodeSend).insert({ brokerName: 'broker_a', email, ip: '203.0.113.9', sentAt });
    await send('old.send@example.com', now - DAY - HOUR);
    await send('fresh.send@example.com', now - 30 * 60_000);
    const device = (id: string, updatedAt: number) =>
      ds.getRepository(LoginDevice).insert({ id, brokerName: 'broker_a', userId: 1, failedCount: 3, lockedUntil: null, updatedAt });
    await device(ids.oldDevice, now - ttlMs - DAY - HOUR);
    // Its cookie may still be presented (well within the cookie lifetime): its failures must still count.
    await device(ids.liveDevice, now - 30 * DAY);
    const staff = (idHash: string, expiresAt: number, revokedAt: number | null = null) =>
      ds
        .getRepository(StaffSession)
        .insert({ idHash, staffId: 's1', stage: 'full', createdAt: now - 2 * DAY, lastSeenAt: now - 2 * DAY, expiresAt, revokedAt });
    await staff(ids.oldStaff, now - DAY - HOUR);
    await staff(ids.revokedStaff, now + HOUR, now - DAY - HOUR);
    await staff(ids.liveStaff, now + HOUR);
    await ds.getRepository(StaffInvite).insert({ tokenHash: ids.oldStaff, staffId: 's1', createdAt: now - 3 * DAY, expiresAt: now - DAY - HOUR, usedAt: null });
    await ds.getRepository(StaffInvite).insert({ tokenHash: ids.liveStaff, staffId: 's1', createdAt: now, expiresAt: now + DAY, usedAt: null });

    clock.advance(HOUR);
    const job = await runSlot();
    expect(job.state).toBe('succeeded');
    expect(Object.keys((JSON.parse(job.result ?? '{}') as { registered: Record<string, number> }).registered).sort()).toEqual(
      ['loginDevices', 'signupCodeSends', 'signupVerifications', 'staffInvites', 'staffSessions'].sort(),
    );
    const count = (entity: Parameters<DataSource['getRepository']>[0], where: Record<string, unknown>) => ds.getRepository(entity).countBy(where);
    expect(await count(SignupVerification, { handleHash: ids.oldSignup })).toBe(0);
    expect(await count(SignupVerification, { handleHash: ids.liveSignup })).toBe(1);
    expect(await count(SignupCodeSend, { email: 'old.send@example.com' })).toBe(0);
    expect(await count(SignupCodeSend, { email: 'fresh.send@example.com' })).toBe(1);
    expect(await count(LoginDevice, { id: ids.oldDevice })).toBe(0);
    expect(await count(LoginDevice, { id: ids.liveDevice })).toBe(1);
    expect(await count(StaffSession, { idHash: ids.oldStaff })).toBe(0);
    expect(await count(StaffSession, { idHash: ids.revokedStaff })).toBe(0);
    expect(await count(StaffSession, { idHash: ids.liveStaff })).toBe(1);
    expect(await count(StaffInvite, { tokenHash: ids.oldStaff })).toBe(0);
    expect(await count(StaffInvite, { tokenHash: ids.liveStaff })).toBe(1);
  });
});
