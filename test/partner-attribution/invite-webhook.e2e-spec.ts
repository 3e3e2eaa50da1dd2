import { DataSource } from 'typeorm';
import { emitDurable, observeDurable } from '../support/durable-events';
import { CtraderSimulator } from '../../src/simulator';
import { PartnerAttributionService } from '../../src/modules/partner-attribution/services/partner-attribution.service';
import { PartnersService } from '../../src/modules/partner-attribution/services/partners.service';
import { startSimulatorFor } from '../support/simulator-harness';
import { http, startTestApp, TestApp } from '../support/test-app';
import { adminKey, basic, CREDENTIAL_A, CREDENTIAL_B, eventually, partnerTestConfig, referralsOf, signedUpUser } from './partner-harness';

/** Contract §1.4, the cTrader Invite attribution webhook: every brokerResult, redelivery, credentials, broker ids. */
describe('Invite webhook', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  let admin: string;
  let nextUnknownCtid = 90_000_001;
  const statusChanges: Array<{ userId: number; isPartner: boolean }> = [];

  beforeAll(async () => {
    const config = partnerTestConfig();
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    admin = await adminKey(t);
    observeDurable(t.app, 'partner.statusChanged', (e) => void statusChanges.push({ userId: e.userId, isPartner: e.isPartner }));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  const invite = (body: Record<string, unknown>, credential = CREDENTIAL_A, query = '') =>
    http(`${t.baseUrl}/partners/invite-webhook${query}`, {
      method: 'POST',
      json: { brokerName: 'broker_a', ...body },
      headers: { authorization: basic(credential) },
    });
  const attributionOf = (brokerName: string, userId: number) =>
    t.app.get(PartnerAttributionService).attributionsOf(brokerName).findOneBy({ traderUserId: userId });

  it('401 for a missing or wrong credential, 403 for another broker’s credential or disagreeing ids; nothing recorded', async () => {
    const body = { brokerName: 'broker_a', invitedUserId: 5, partnerUserId: 6 };
    const none = await http(`${t.baseUrl}/partners/invite-webhook`, { method: 'POST', json: body });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 'CH_CLIENT_AUTH_FAILURE' });
    expect(none.headers.get('www-authenticate')).toContain('Basic');
    const wrong = await invite(body, 'ctrader-invite:not-the-secret');
    expect(wrong.status).toBe(401);
    const notBasic = await http(`${t.baseUrl}/partners/invite-webhook`, { method: 'POST', json: body, headers: { authorization: `Bearer ${CREDENTIAL_A}` } });
    expect(notBasic.status).toBe(401);
    const otherBrokers = await invite(body, CREDENTIAL_B);
    expect(otherBrokers.status).toBe(403);
    expect(otherBrokers.body).toMatchObject({ code: 'BROKER_ID_MISMATCH' });
    const disagree = await invite(body, CREDENTIAL_A, '?brokerName=broker_b');
    expect(disagree.status).toBe(403);
    expect(disagree.body).toMatchObject({ code: 'BROKER_ID_MISMATCH' });
    expect(JSON.stringify([none.body, wrong.body, otherBrokers.body])).not.toContain('secret');
    expect(await t.app.get(PartnersService).partnersOf('broker_a').count()).toBe(0);
  });

  it('400 for a malformed body, 404 MODULE_DISABLED for a broker without partners', async () => {
    expect((await invite({ partnerUserId: 6 })).body).toMatchObject({ code: 'MISSING_REQUIRED_PARAMETER' });
    expect((await invite({ invitedUserId: 'x', partnerUserId: 6 })).body).toMatchObject({ code: 'INVALID_REQUEST' });
    expect((await invite({ invitedUserId: 6, partnerUserId: 6 })).status).toBe(400);
    const c = await http(`${t.baseUrl}/partners/invite-webhook`, {
      method: 'POST',
      json: { brokerName: 'broker_c', invitedUserId: 5, partnerUserId: 6 },
      headers: { authorization: basic(CREDENTIAL_A) },
    });
    expect(c.status).toBe(404);
    expect(c.body).toMatchObject({ code: 'MODULE_DISABLED' });
  });

  it('ATTRIBUTED_NEW: a partner we did not know is registered (3.6 set and verified) and the known invitee attributed', async () => {
    const partnerUser = await signedUpUser(t, 'broker_a', 'Paula');
    const invitee = await signedUpUser(t, 'broker_a', 'Ivan');
    // A field cTrader may add one day is ignored, not refused (contract §1.4).
    const res = await invite({ invitedUserId: invitee.ctidUserId, partnerUserId: partnerUser.ctidUserId, addedByCtrader: { any: 1 } });
    expect(res.status).toBe(200);
    expect(res.body.brokerResult).toBe('ATTRIBUTED_NEW');
    expect(res.body.brokerPartnerId).toMatch(/^p[a-z2-9]{10}$/);
    expect(await attributionOf('broker_a', invitee.id)).toMatchObject({ state: 'attributed', source: 'invite' });
    const partner = await t.app.get(PartnersService).findByPartnerId('broker_a', res.body.brokerPartnerId);
    expect(partner).toMatchObject({ userId: partnerUser.id, ctidUserId: partnerUser.ctidUserId, source: 'invite' });
    expect(statusChanges).toContainEqual({ userId: partnerUser.id, isPartner: true });
    await eventually(() => referralsOf(sim, partnerUser.ctidUserId!).some((r) => r.partnerId === res.body.brokerPartnerId));
    await eventually(async () => (await t.app.get(PartnersService).findByPartnerId('broker_a', res.body.brokerPartnerId))?.referralState === 'synced');
  });

  it('ATTRIBUTED for a partner we know (by partnerUserId or brokerPartnerId); redelivery gives the same answer and one attribution', async () => {
    const partnerUser = await signedUpUser(t, 'broker_a', 'Kim');
    const first = await invite({ invitedUserId: (await signedUpUser(t, 'broker_a')).ctidUserId, partnerUserId: partnerUser.ctidUserId });
    expect(first.body.brokerResult).toBe('ATTRIBUTED_NEW');
    const invitee = await signedUpUser(t, 'broker_a', 'Jo');
    const body = { invitedUserId: invitee.ctidUserId, partnerUserId: partnerUser.ctidUserId, brokerPartnerId: first.body.brokerPartnerId };
    const answers = await Promise.all([invite(body), invite(body), invite(body)]);
    const again = await invite(body);
    for (const a of [...answers, again]) expect(a.body).toEqual({ brokerPartnerId: first.body.brokerPartnerId, brokerResult: 'ATTRIBUTED' });
    const ds = t.app.get(DataSource);
    const p = ds.options.type === 'postgres' ? '$1' : '?';
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM "partner_attribution" WHERE "traderUserId" = ${p}`, [invitee.id]))[0].n)).toBe(1);
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM "partner_attribution_event" WHERE "traderUserId" = ${p}`, [invitee.id]))[0].n)).toBe(1);
    expect(await t.app.get(PartnersService).partnersOf('broker_a').count({ ctidUserId: partnerUser.ctidUserId! })).toBe(1);
  });

  it('PENDING_ATTRIBUTION for an invitee we do not know yet; completed when that user signs up', async () => {
    const partnerUser = await signedUpUser(t, 'broker_a', 'Pat');
    const unknownCtid = nextUnknownCtid++;
    const res = await invite({ invitedUserId: unknownCtid, partnerUserId: partnerUser.ctidUserId });
    expect(res.body.brokerResult).toBe('PENDING_ATTRIBUTION');
    expect((await invite({ invitedUserId: unknownCtid, partnerUserId: partnerUser.ctidUserId })).body).toEqual(res.body);
    const pending = await t.app.get(PartnerAttributionService).attributionsOf('broker_a').findOneBy({ ctidUserId: unknownCtid });
    expect(pending).toMatchObject({ state: 'pending', traderUserId: null });

    // The invited user appears: the signup saga announces it (kernel event 'user.signedUp').
    const { seedUser } = await import('../support/seed');
    const user = await seedUser(t.app, 'broker_a', { ctidUserId: unknownCtid });
    await emitDurable(t.app, 'user.signedUp', { brokerName: 'broker_a', userId: user.id, ctidUserId: unknownCtid });
    const done = await attributionOf('broker_a', user.id);
    expect(done).toMatchObject({ state: 'attributed', partnerRef: pending!.partnerRef });

    const history = await http(`${t.baseUrl}/admin/brokers/broker_a/partners/${res.body.brokerPartnerId}/attributions`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(history.body.map((e: { outcome: string }) => e.outcome)).toEqual(['COMPLETED', 'PENDING_ATTRIBUTION']);
  });

  it('a later Invite for an invitee who appeared meanwhile completes the pending attribution first', async () => {
    const partnerUser = await signedUpUser(t, 'broker_a', 'Quinn');
    const unknownCtid = nextUnknownCtid++;
    const first = await invite({ invitedUserId: unknownCtid, partnerUserId: partnerUser.ctidUserId });
    expect(first.body.brokerResult).toBe('PENDING_ATTRIBUTION');
    const { seedUser } = await import('../support/seed');
    const user = await seedUser(t.app, 'broker_a', { ctidUserId: unknownCtid });
    const second = await invite({ invitedUserId: unknownCtid, partnerUserId: partnerUser.ctidUserId, brokerPartnerId: first.body.brokerPartnerId });
    expect(second.body).toEqual({ brokerPartnerId: first.body.brokerPartnerId, brokerResult: 'ATTRIBUTED' });
    expect(await attributionOf('broker_a', user.id)).toMatchObject({ state: 'attributed' });
  });

  it('REATTRIBUTED within the broker’s window (broker_a: 30 days)', async () => {
    const p1 = await signedUpUser(t, 'broker_a', 'First');
    const p2 = await signedUpUser(t, 'broker_a', 'Second');
    const invitee = await signedUpUser(t, 'broker_a', 'Moving');
    const a = await invite({ invitedUserId: invitee.ctidUserId, partnerUserId: p1.ctidUserId });
    const b = await invite({ invitedUserId: invitee.ctidUserId, partnerUserId: p2.ctidUserId });
    expect(b.body.brokerResult).toBe('REATTRIBUTED');
    expect(b.body.brokerPartnerId).not.toBe(a.body.brokerPartnerId);
    const now = await attributionOf('broker_a', invitee.id);
    expect(now!.partnerRef).toBe((await t.app.get(PartnersService).findByPartnerId('broker_a', b.body.brokerPartnerId))!.id);
    // Back to the first partner is another reattribution; the redelivery of b still answers as before.
    expect((await invite({ invitedUserId: invitee.ctidUserId, partnerUserId: p1.ctidUserId, brokerPartnerId: a.body.brokerPartnerId })).body.brokerResult).toBe(
      'REATTRIBUTED',
    );
    expect((await invite({ invitedUserId: invitee.ctidUserId, partnerUserId: p2.ctidUserId })).body).toEqual(b.body);
  });

  it('first touch wins where the broker does not allow reattribution (broker_b): ATTRIBUTED, naming the first partner', async () => {
    const inviteB = (body: Record<string, unknown>) => invite({ ...body, brokerName: 'broker_b' }, CREDENTIAL_B);
    const p1 = await signedUpUser(t, 'broker_b', 'Alpha');
    const p2 = await signedUpUser(t, 'broker_b', 'Beta');
    const invitee = await signedUpUser(t, 'broker_b', 'Stay');
    const a = await inviteB({ invitedUserId: invitee.ctidUserId, partnerUserId: p1.ctidUserId });
    expect(a.body.brokerResult).toBe('ATTRIBUTED_NEW');
    const b = await inviteB({ invitedUserId: invitee.ctidUserId, partnerUserId: p2.ctidUserId });
    expect(b.body).toEqual({ brokerPartnerId: a.body.brokerPartnerId, brokerResult: 'ATTRIBUTED' });
    expect((await attributionOf('broker_b', invitee.id))!.partnerRef).toBe(
      (await t.app.get(PartnersService).findByPartnerId('broker_b', a.body.brokerPartnerId))!.id,
    );
    // broker_a's partners and attributions are not broker_b's.
    expect(await t.app.get(PartnersService).findByPartnerId('broker_a', a.body.brokerPartnerId)).toBeNull();
  });
});
