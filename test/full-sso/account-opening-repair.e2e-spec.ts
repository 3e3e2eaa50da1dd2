import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { TradingAccount } from '../../src/kernel/users/trading-account.entity';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { UsersService } from '../../src/kernel/users/users.service';
import { AccountChoice, AccountOpening } from '../../src/modules/full-sso/services/account-opening.service';
import { SignupStepFailed } from '../../src/modules/full-sso/domain/signup-step-failed.error';
import { ClientAreaEnv, seedTrader, startClientAreaEnv } from '../client-area/client-area-fixtures';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

/**
 * Account opening after lost cTrader answers, against the simulator with deterministic faults (`times: 1`):
 * a lost 3.3 is found through the documented traders list (read page after page) and adopted; a lost 3.4 comes
 * back as the documented TRADER_ALREADY_LINKED and is adopted only once verified; a trader linked to someone else
 * is never adopted.
 */
describe('account opening: lost 3.3 / 3.4 answers (simulator, deterministic faults)', () => {
  let env: ClientAreaEnv;
  let opening: AccountOpening;
  let gateway: CtraderGateway;
  const broker = () => env.t.app.get(BrokerRegistry).findByName('broker_a')!;
  const rows = () => env.t.app.get(UsersService).accountsOf('broker_a');
  const choice = (): AccountChoice => ({
    currency: 'USD',
    leverage: broker().config.trading.leverages[0],
    accountType: broker().config.trading.accountTypes[0],
  });
  const calls = (call: string) => env.sim.state.calls().filter((c) => c.call === call);

  beforeAll(async () => {
    env = await startClientAreaEnv();
    opening = env.t.app.get(AccountOpening, { strict: false });
    gateway = env.t.app.get(CtraderGateway);
    // Small pages, so a few traders in the repair window already need several list requests.
    env.sim.listing.tradersPageSize = 2;
  }, 60_000);
  afterAll(() => env?.close());
  afterEach(() => env.sim.faults.clear());

  async function failedStep(promise: Promise<unknown>): Promise<SignupStepFailed> {
    const e = await promise.then(
      () => undefined,
      (error: unknown) => error,
    );
    if (!(e instanceof SignupStepFailed)) throw new Error(`expected SignupStepFailed, got ${String(e)}`);
    return e;
  }

  /** The user's newest account row (the one being opened). */
  async function newestRow(user: TraderUser): Promise<TradingAccount> {
    return (await rows().find({ where: { userId: user.id }, order: { id: 'DESC' } }))[0];
  }

  /**
   * Traders registered in the repair window, each in its own millisecond (the next is created only once the clock
   * has moved past the previous registration), so the window can always be split into complete pages.
   */
  async function noiseTraders(brokerName: string, n: number, email: string): Promise<void> {
    let last = -1;
    for (let i = 0; i < n; i++) {
      while (Date.now() <= last) await new Promise((r) => setImmediate(r));
      const t = await gateway.createTrader(brokerName, {
        accessRights: 'FULL_ACCESS',
        accountType: 'HEDGED',
        balance: 0,
        depositCurrency: 'USD',
        groupName: env.t.app.get(BrokerRegistry).findByName(brokerName)!.config.trading.groupName,
        traderPassword: `noise-${i}-password`,
        leverageInCents: 10000,
        totalMarginCalculationType: 'MAX',
        contactDetails: { email },
      });
      last = t.registrationTimestamp!;
    }
    while (Date.now() <= last) await new Promise((r) => setImmediate(r));
  }

  it('a lost 3.3 answer: one trader at cTrader, found over several list pages, adopted and linked once', async () => {
    const { user } = await seedTrader(env.t, 'broker_a', 1);
    // Others registered in the same window, enough for several pages.
    await noiseTraders('broker_a', 5, 'someone.else@example.com');
    const lists = calls('tradersList').length;

    env.sim.faults.add({ call: '3.3', mode: 'dropAfterEffect', times: 1 });
    const lost = await failedStep(opening.open(broker(), user, choice()));
    expect(lost.call).toBe('3.3');
    expect((await newestRow(user)).state).toBe('creating');
    // Registered after ours: a broker_b trader with this very email, currency and group. The list (one manager
    // serves both brokerNames) returns it too, as the newest match, and it must not be taken for ours.
    await noiseTraders('broker_b', 1, user.email);
    const creates = calls('3.3').length;

    const account = await opening.open(broker(), user, choice());
    // The retry found the trader the lost call created and sent no second 3.3.
    expect(calls('3.3')).toHaveLength(creates);
    const ours = env.sim.state.listTraders().filter((t) => t.brokerName === 'broker_a' && t.contactDetails?.email === user.email);
    expect(ours).toHaveLength(2); // the seeded account's trader and this one
    expect(ours.map((t) => t.login)).toContain(Number(account.login));
    expect(account).toMatchObject({ state: 'linked', ctidTraderAccountId: expect.any(Number) });
    expect(env.sim.state.listAccounts().filter((a) => a.traderLogin === Number(account.login))).toEqual([expect.objectContaining({ userId: user.ctidUserId })]);
    // The list was read to its end, page after page, with documented bounds only.
    const listed = calls('tradersList').slice(lists);
    expect(listed.length).toBeGreaterThan(1);
    for (const c of listed) {
      const q = new URL(`http://x${c.path}`).searchParams;
      expect(q.get('from')).toMatch(INSTANT);
      expect(q.get('to')).toMatch(INSTANT);
      expect(c.status).toBe(200);
    }
    const row = await newestRow(user);
    expect(row).toMatchObject({ state: 'linked', traderPasswordMd5: null, login: account.login });
  });

  it('a lost 3.4 answer: the retry meets TRADER_ALREADY_LINKED, verifies the trader, and the account is linked once', async () => {
    const { user } = await seedTrader(env.t, 'broker_a', 1);
    const links = calls('3.4').length;
    env.sim.faults.add({ call: '3.4', mode: 'dropAfterEffect', times: 1 });
    const lost = await failedStep(opening.open(broker(), user, choice()));
    expect(lost.call).toBe('3.4');
    const pending = await newestRow(user);
    expect(pending.state).toBe('linking');
    // The lost call did link at cTrader.
    expect(env.sim.state.listAccounts().filter((a) => a.traderLogin === Number(pending.login))).toHaveLength(1);

    const reads = calls('traderRead').length;
    const account = await opening.open(broker(), user, choice());
    expect(account).toMatchObject({ id: pending.id, state: 'linked', login: pending.login });
    const retried = calls('3.4').slice(links);
    expect(retried.map((c) => [c.status, c.fault ?? c.errorCode])).toEqual([
      [null, 'dropAfterEffect'],
      [400, 'TRADER_ALREADY_LINKED'],
    ]);
    // Verified by the documented trader read before it was taken as ours.
    expect(calls('traderRead').length).toBeGreaterThan(reads);
    expect(env.sim.state.listAccounts().filter((a) => a.traderLogin === Number(pending.login))).toEqual([expect.objectContaining({ userId: user.ctidUserId })]);
    expect(await newestRow(user)).toMatchObject({ state: 'linked', traderPasswordMd5: null, ctidTraderAccountId: null });
    // Resumed once, not again: a further opening is a new account.
    expect((await rows().find({ where: { userId: user.id } })).filter((r) => r.state !== 'linked')).toHaveLength(0);
  });

  it('a trader read that does not show the trader as ours (no brokerName) is never taken as proof', async () => {
    const { user } = await seedTrader(env.t, 'broker_a', 1);
    env.sim.faults.add({ call: '3.4', mode: 'dropAfterEffect', times: 1 });
    await failedStep(opening.open(broker(), user, choice()));
    env.sim.quirks.traderWithoutBrokerName = true;
    try {
      const refused = await failedStep(opening.open(broker(), user, choice()));
      expect(refused).toMatchObject({ call: '3.4', ctraderCode: 'TRADER_ALREADY_LINKED' });
      expect((await newestRow(user)).state).toBe('linking');
    } finally {
      env.sim.quirks.traderWithoutBrokerName = false;
    }
    expect((await opening.open(broker(), user, choice())).state).toBe('linked');
  });

  it('a trader already linked to another user\u2019s cTID is not adopted: the step fails for good', async () => {
    const { user } = await seedTrader(env.t, 'broker_a', 1);
    const { user: other } = await seedTrader(env.t, 'broker_a', 1);
    // 3.3 succeeds; our 3.4 is refused before any effect, so no link of ours can exist.
    env.sim.faults.add({ call: '3.4', mode: 'error', status: 400, errorCode: 'INVALID_REQUEST', times: 1 });
    await failedStep(opening.open(broker(), user, choice()));
    const row = await newestRow(user);
    expect(row.state).toBe('created');
    // Meanwhile the trader gets linked to another cTID.
    await gateway.linkAccount('broker_a', { traderLogin: Number(row.login), userId: other.ctidUserId!, traderPasswordHash: row.traderPasswordMd5! });

    const refused = await failedStep(opening.open(broker(), user, choice()));
    expect(refused).toMatchObject({ call: '3.4', ctraderCode: 'TRADER_ALREADY_LINKED', final: true });
    expect(await newestRow(user)).toMatchObject({ id: row.id, state: 'created', ctidTraderAccountId: null });
    expect(env.sim.state.listAccounts().filter((a) => a.traderLogin === Number(row.login))).toEqual([expect.objectContaining({ userId: other.ctidUserId })]);
  });
});
