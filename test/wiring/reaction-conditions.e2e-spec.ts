import { DataSource, In } from 'typeorm';
import { Job } from '../../src/kernel/jobs/job.entity';
import { emitDurable } from '../support/durable-events';
import { withEnv } from '../support/simulator-harness';
import { startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';

/**
 * A durable event writes a job only for the reactions that can act on it (DurableEvents `onlyIf`): ribbons for a
 * broker with in-app controls, partner attribution for a broker with it on, webhooks for a subscribed endpoint.
 * A broker with Full SSO alone pays no job for any of them.
 */
describe('durable events: no job for a reaction that cannot act', () => {
  let t: TestApp;
  let restoreEnv: () => void;

  beforeAll(async () => {
    restoreEnv = withEnv({ JOBS_AUTOSTART: 'false', HOUSEKEEPING_AUTOSTART: 'false' });
    t = await startTestApp(testConfig());
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    restoreEnv?.();
  });

  const kindsOf = async (ids: string[]) =>
    (
      await t.app
        .get(DataSource)
        .getRepository(Job)
        .findBy({ id: In(ids) })
    )
      .map((j) => j.kind)
      .sort();

  it('broker_a (every module, no webhook endpoint): the ribbons and attribution reactions; broker_b (Full SSO only): none', async () => {
    const signup = { userId: 41, ctidUserId: 9041 };
    expect(await kindsOf(await emitDurable(t.app, 'user.signedUp', { brokerName: 'broker_a', ...signup }))).toEqual([
      'event.attribution.userSignedUp',
      'event.ribbons.userSignedUp',
    ]);
    expect(await emitDurable(t.app, 'user.signedUp', { brokerName: 'broker_b', ...signup })).toEqual([]);
    expect(await kindsOf(await emitDurable(t.app, 'kyc.statusChanged', { brokerName: 'broker_a', userId: 41, status: 'pending' }))).toEqual([
      'event.ribbons.kycStatusChanged',
    ]);
    expect(await emitDurable(t.app, 'kyc.statusChanged', { brokerName: 'broker_b', userId: 41, status: 'pending' })).toEqual([]);
  });
});
