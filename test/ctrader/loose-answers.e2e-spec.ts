import { Logger } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { CtraderSimulator, md5Hex } from '../../src/simulator';
import { LOOSE_EXTRA_FIELD } from '../../src/simulator/loose-answer';
import { ctraderTestConfig, StandaloneGateway, standaloneGateway, startSimulatorFor, TEST_MANAGER_PASSWORD } from '../support/simulator-harness';
import { recordingLogger } from '../support/recording-logger';

/**
 * The docs are loose where a real server may be too: numbers sent as strings (their own 3.3 example sends
 * `"balance": "00"`), fields no page lists. The gateway must give its callers the same typed results either way,
 * so the main calls run against the tidy simulator and against its `looseAnswers` quirk.
 */
describe.each([
  ['documented answers', false],
  ['loose answers (integers as strings, undocumented fields)', true],
])('CtraderGateway main calls against %s', (_name, loose) => {
  let config: AppConfig;
  let sim: CtraderSimulator;
  let g: StandaloneGateway;
  let gateway: CtraderGateway;
  let seq = 0;
  const email = () => `loose${loose ? 1 : 0}.${++seq}.${Date.now()}@example.com`;

  beforeAll(async () => {
    Logger.overrideLogger(recordingLogger);
    config = ctraderTestConfig({ timeoutMs: 1000 });
    sim = await startSimulatorFor(config);
    sim.setMoneyDigits('BTC', 8);
    g = standaloneGateway(config);
    gateway = g.gateway;
    sim.quirks.looseAnswers = loose;
  });
  afterAll(async () => {
    await g.close();
    await sim.close();
  });

  it('the quirk really changes the wire shape', async () => {
    const post = async (path: string, body: unknown): Promise<any> =>
      (await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    const { webservToken } = await post('/v2/webserv/managers/token', { login: 2309, hashedPassword: md5Hex(TEST_MANAGER_PASSWORD) });
    const created = await post(`/cid/oauth2/ctid/create?token=${webservToken}`, { brokerCrmName: 'crm_shared', email: email() });
    if (loose) {
      expect(created).toEqual({ userId: expect.stringMatching(/^\d+$/), [LOOSE_EXTRA_FIELD]: expect.any(Object) });
    } else {
      expect(created).toEqual({ userId: expect.any(Number) });
    }
  });

  it('3.2–3.13 and the trader read: typed numbers whatever the wire sent, undocumented fields ignored', async () => {
    const { userId } = await gateway.createUser('broker_a', { email: email(), preferredLanguage: 'en' });
    expect(typeof userId).toBe('number');
    const trader = await gateway.createTrader('broker_a', {
      accessRights: 'FULL_ACCESS',
      accountType: 'HEDGED',
      balance: 100,
      depositCurrency: 'BTC',
      groupName: 'Default',
      traderPassword: 'trader-password',
      leverageInCents: 10000,
      totalMarginCalculationType: 'MAX',
    });
    expect(trader).toMatchObject({
      login: expect.any(Number),
      moneyDigits: 8,
      balance: 100000000,
      leverageInCents: 10000,
      registrationTimestamp: expect.any(Number),
    });
    const { ctidTraderAccountId } = await gateway.linkAccount('broker_a', { traderLogin: trader.login, userId, traderPassword: 'trader-password' });
    expect(typeof ctidTraderAccountId).toBe('number');
    const { balanceHistoryId } = await gateway.changeBalance('broker_a', {
      login: trader.login,
      preciseAmount: '0.00000001',
      type: 'DEPOSIT',
      externalId: `loose-${loose}`,
    });
    expect(typeof balanceHistoryId).toBe('number');
    const read = await gateway.getTrader('broker_a', trader.login);
    expect(read).toMatchObject({ login: trader.login, moneyDigits: 8, balance: 100000001, equity: 100000001, bonus: 0, nonWithdrawableBonus: 0 });
    expect(typeof read.balance).toBe('number');
    // The traders list (the lost-3.3 repair) reads the same trader with typed numbers.
    const listed = await gateway.listTraders('broker_a', { from: Date.now() - 60_000, to: Date.now() + 60_000 });
    expect(listed.find((x) => x.login === trader.login)).toMatchObject({ moneyDigits: 8, balance: 100000001 });

    // 3.6–3.8 partner attribution.
    await gateway.setReferral('broker_a', { userId, partnerId: 'P-loose' });
    expect(await gateway.getReferral('broker_a', { userId })).toEqual({ userId, ctidTraderAccountId: null, partnerId: 'P-loose' });
    await gateway.setReferral('broker_a', { userId, ctidTraderAccountId, partnerId: 'P-acc' });
    expect(await gateway.getReferral('broker_a', { ctidTraderAccountId })).toEqual({ userId, ctidTraderAccountId, partnerId: 'P-acc' });
    await gateway.deleteReferral('broker_a', { userId });
    expect(await gateway.getReferral('broker_a', { userId })).toBeNull();

    // 3.9–3.13.
    await gateway.putInAppControls('broker_a', { userId, rules: {} });
    const newEmail = email();
    await gateway.changeEmail('broker_a', { userId, newEmail });
    expect(await gateway.findUserIdByEmail('broker_a', newEmail)).toBe(userId);
    expect(await gateway.findUserIdByEmail('broker_a', email())).toBeNull();
    await gateway.logoutEverywhere('broker_a', userId);
    await gateway.acceptAgreement('broker_a', userId);
    expect(sim.state.getUser(userId)).toMatchObject({ email: newEmail, logouts: 1, acceptedAgreement: true });
  });

  it('LI: typed userId and tradingLogin', async () => {
    const token = sim.mintLightIdentityToken({ brokerCrmName: 'crm_c', email: email(), tradingLogin: 42 });
    const identity = await gateway.redeemLightIdentityToken('broker_c', token);
    expect(identity).toEqual({ userId: expect.any(Number), email: expect.any(String), tradingLogin: 42 });
  });
});
