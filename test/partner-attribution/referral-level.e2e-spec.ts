import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { UsersService } from '../../src/kernel/users/users.service';
import { CtraderSimulator } from '../../src/simulator';
import { startSimulatorFor } from '../support/simulator-harness';
import { http, startTestApp, TestApp } from '../support/test-app';
import { adminKey, eventually, partnerTestConfig, referralsOf, signedUpUser } from './partner-harness';

/** `partners.referralLevel: account`: 3.6/3.7/3.8 on each of the partner's linked accounts; none yet → user level. */
describe('referral ids at account level', () => {
  let t: TestApp;
  let sim: CtraderSimulator;
  let admin: string;

  beforeAll(async () => {
    const config = partnerTestConfig({ referralLevel: 'account' });
    sim = await startSimulatorFor(config);
    t = await startTestApp(config);
    admin = await adminKey(t);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  const call = (method: string, path: string, json?: unknown) => http(`${t.baseUrl}${path}`, { method, json, headers: { authorization: `Bearer ${admin}` } });

  it('sets the id on every linked account (verified by 3.7), and removes exactly those records', async () => {
    const user = await signedUpUser(t, 'broker_a', 'Acct');
    const gateway = t.app.get(CtraderGateway);
    const accounts = t.app.get(UsersService).accountsOf('broker_a');
    const linked: number[] = [];
    for (let i = 0; i < 2; i++) {
      const trader = await gateway.createTrader('broker_a', {
        accessRights: 'FULL_ACCESS',
        accountType: 'HEDGED',
        balance: 0,
        depositCurrency: 'USD',
        groupName: 'Default',
        traderPassword: 'Trader-pass-123',
        leverageInCents: 10000,
        totalMarginCalculationType: 'MAX',
        contactDetails: { email: user.email },
      });
      const link = await gateway.linkAccount('broker_a', { traderLogin: trader.login, userId: user.ctidUserId!, traderPassword: 'Trader-pass-123' });
      await accounts.insert({
        userId: user.id,
        login: trader.login,
        ctidTraderAccountId: link.ctidTraderAccountId,
        currency: 'USD',
        leverage: 100,
        accountType: 'HEDGED',
        environment: 'live',
        moneyDigits: 2,
        state: 'linked',
        traderPasswordMd5: null,
        createdAt: Date.now(),
      });
      linked.push(link.ctidTraderAccountId);
    }
    const partner = (await call('POST', '/admin/brokers/broker_a/partners', { userId: user.ctidUserId })).body;
    const held = await eventually(() => {
      const r = referralsOf(sim, user.ctidUserId!);
      return r.length === 2 && r;
    });
    expect(held.map((r) => r.ctidTraderAccountId).sort()).toEqual([...linked].sort());
    expect(held.every((r) => r.partnerId === partner.partnerId)).toBe(true);

    await call('DELETE', `/admin/brokers/broker_a/partners/${partner.partnerId}`);
    await eventually(() => referralsOf(sim, user.ctidUserId!).length === 0);
  });

  it('falls back to the user level for a partner without a linked account', async () => {
    const user = await signedUpUser(t, 'broker_a', 'NoAcct');
    const partner = (await call('POST', '/admin/brokers/broker_a/partners', { userId: user.ctidUserId })).body;
    await eventually(() => referralsOf(sim, user.ctidUserId!).find((r) => r.ctidTraderAccountId === null && r.partnerId === partner.partnerId));
  });
});
