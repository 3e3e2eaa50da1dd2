import { UsersService } from '../../src/kernel/users/users.service';
import { ACCOUNT_CREATES_PER_TRADER } from '../../src/modules/full-sso/screens/sso-screens.controller';
import { A, ClientAreaEnv, ScreenClient, seedTrader, startClientAreaEnv } from '../client-area/client-area-fixtures';

const CAP = 2;

/**
 * POST /account/create: the per-trader cap (fullSso.maxAccountsPerTrader, enforced by AccountOpening whatever the
 * session) and the per-trader throttle, over HTTP with the simulator as cTrader.
 */
describe('account opening: cap per trader and throttle (HTTP)', () => {
  let env: ClientAreaEnv;
  beforeAll(async () => {
    env = await startClientAreaEnv((config) => {
      config.brokers.find((b) => b.brokerName === 'broker_a')!.fullSso.maxAccountsPerTrader = CAP;
    });
  }, 60_000);
  afterAll(() => env?.close());

  const accountsOf = (userId: number) =>
    env.t.app
      .get(UsersService)
      .accountsOf('broker_a')
      .find({ where: { userId }, order: { id: 'ASC' } });
  const creates = () => env.sim.state.countCalls('3.3');

  /** A client-area session of the trader, on the open-account form; returns a submit function. */
  async function openAccountForm(email: string) {
    const c = new ScreenClient(env.t.baseUrl);
    expect((await c.login(email)).res.status).toBe(303);
    const csrf = await c.csrf(`/account/create?${A}`);
    return (fields: Record<string, string> = { currency: 'USD', leverage: '100', accountType: 'HEDGED' }) =>
      c.post(`/account/create?${A}`, { _csrf: csrf, ...fields });
  }

  it('at the cap: refused with a clear message, and nothing is sent to cTrader', async () => {
    const { user, email } = await seedTrader(env.t, 'broker_a', CAP);
    const submit = await openAccountForm(email);
    const before = creates();
    const { res, html } = await submit();
    expect(res.status).toBe(409);
    expect(html).toContain(`You already have ${CAP} trading accounts, the most this broker allows.`);
    expect(creates()).toBe(before);
    expect(await accountsOf(user.id)).toHaveLength(CAP);
  });

  it('the message is translated', async () => {
    const { email } = await seedTrader(env.t, 'broker_a', CAP);
    const c = new ScreenClient(env.t.baseUrl);
    await c.login(email);
    const csrf = await c.csrf(`/account/create?${A}&lang=de`);
    const { res, html } = await c.post(`/account/create?${A}&lang=de`, { _csrf: csrf, currency: 'USD', leverage: '100', accountType: 'HEDGED' });
    expect(res.status).toBe(409);
    expect(html).toContain(`Sie haben bereits ${CAP} Handelskonten`);
  });

  it('an unfinished opening is resumed even when it is the one that reaches the cap; the next one is refused', async () => {
    const { user, email } = await seedTrader(env.t, 'broker_a', CAP - 1);
    // A submit that stopped after storing its intent (e.g. cTrader was down): CAP rows, one of them unfinished.
    await env.t.app.get(UsersService).accountsOf('broker_a').insert({
      userId: user.id,
      login: null,
      ctidTraderAccountId: null,
      currency: 'EUR',
      leverage: 100,
      accountType: 'HEDGED',
      environment: 'live',
      moneyDigits: 2,
      state: 'creating',
      traderPasswordMd5: null,
      createdAt: Date.now(),
    });
    const submit = await openAccountForm(email);
    const before = creates();
    const resumed = await submit();
    expect(resumed.res.status).toBe(200);
    expect(creates()).toBe(before + 1);
    const rows = await accountsOf(user.id);
    expect(rows).toHaveLength(CAP);
    expect(rows.every((r) => r.state === 'linked')).toBe(true);
    // The resumed intent kept its own choice.
    expect(rows[CAP - 1].currency).toBe('EUR');
    expect(resumed.html).toContain(`Your trading account ${rows[CAP - 1].login} is ready.`);
    expect((await submit()).res.status).toBe(409);
    expect(creates()).toBe(before + 1);
  });

  it('two parallel submits at cap − 1 open one account, not two', async () => {
    const { user, email } = await seedTrader(env.t, 'broker_a', CAP - 1);
    const submit = await openAccountForm(email);
    const before = creates();
    const results = await Promise.all([submit(), submit()]);
    const statuses = results.map((r) => r.res.status).sort();
    // One opens the account; the other either finds the cap reached or finds the same opening in progress.
    expect(statuses[0]).toBe(200);
    expect([409, 503]).toContain(statuses[1]);
    expect(creates()).toBe(before + 1);
    expect(await accountsOf(user.id)).toHaveLength(CAP);
  });

  it("throttles one trader's submits across sessions (429 page with Retry-After)", async () => {
    const { email } = await seedTrader(env.t, 'broker_a', 0);
    const invalid = { currency: 'XXX', leverage: '100', accountType: 'HEDGED' };
    const first = await openAccountForm(email);
    const second = await openAccountForm(email);
    for (let i = 0; i < ACCOUNT_CREATES_PER_TRADER; i++) expect((await (i % 2 ? second : first)(invalid)).res.status).toBe(422);
    const before = creates();
    const refused = await second();
    expect(refused.res.status).toBe(429);
    expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.html).toContain('Too many attempts');
    expect(creates()).toBe(before);
    // Another trader (same address) is not affected.
    const other = await seedTrader(env.t, 'broker_a', 0);
    expect((await (await openAccountForm(other.email))(invalid)).res.status).toBe(422);
  });
});
