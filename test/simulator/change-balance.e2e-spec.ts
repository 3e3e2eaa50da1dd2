import { SimHarness, startSimulator } from './simulator-test-kit';

describe('cTrader simulator: 3.5 changebalance and money', () => {
  let h: SimHarness;
  let login: number;

  beforeEach(async () => {
    h = await startSimulator();
    login = (await h.createTrader({ balance: 1000 })).login;
  });

  afterEach(async () => {
    await h.close();
  });

  const balance = async (): Promise<number> => (await h.request('GET', `/v2/webserv/traders/${login}`)).body.balance;

  it('deposits and withdraws in exact minor units and records history', async () => {
    const deposit = await h.changeBalance(login, {
      preciseAmount: 100.1,
      type: 'DEPOSIT',
      externalId: 'pay-1',
      comment: 'card',
      externalNote: 'note',
      source: 'crm',
    });
    expect(deposit.status).toBe(200);
    expect(deposit.body).toEqual({ balanceHistoryId: expect.any(Number) });
    const withdraw = await h.changeBalance(login, { preciseAmount: 50, type: 'WITHDRAW', externalId: 'wd-1' });
    expect(withdraw.status).toBe(200);
    expect(await balance()).toBe(1000 + 10010 - 5000);

    // The docs have no balance-history read: it answers 404 unless the quirk stands in for a confirmed one.
    expect((await h.request('GET', `/v2/webserv/traders/${login}/balancehistory`)).status).toBe(404);
    h.sim.quirks.balanceHistoryRead = true;
    const history = await h.request('GET', `/v2/webserv/traders/${login}/balancehistory`);
    h.sim.quirks.balanceHistoryRead = false;
    expect(history.status).toBe(200);
    expect(history.body.balanceHistory).toEqual([
      expect.objectContaining({
        balanceHistoryId: deposit.body.balanceHistoryId,
        login,
        type: 'DEPOSIT',
        delta: '100.10',
        balance: 11010,
        externalId: 'pay-1',
        comment: 'card',
        externalNote: 'note',
        source: 'crm',
        changeTimestamp: expect.any(Number),
      }),
      expect.objectContaining({ type: 'WITHDRAW', delta: '-50.00', balance: 6010, externalId: 'wd-1' }),
    ]);
    expect(h.sim.state.balanceHistory(login)).toHaveLength(2);
  });

  it('does not drift: ten deposits of 0.1 and amounts like 0.29 / 1.15 add up exactly', async () => {
    for (let i = 0; i < 10; i += 1) {
      expect((await h.changeBalance(login, { preciseAmount: 0.1, type: 'DEPOSIT' })).status).toBe(200);
    }
    for (const amount of [0.29, 1.15, 4.35, 0.07]) {
      expect((await h.changeBalance(login, { preciseAmount: amount, type: 'DEPOSIT' })).status).toBe(200);
    }
    expect(await balance()).toBe(1000 + 100 + 29 + 115 + 435 + 7);
  });

  it('takes the number literal as sent, e.g. 100.10 and 1e2', async () => {
    const raw = (literal: string) =>
      h.request('POST', `/v2/webserv/traders/${login}/changebalance`, {
        rawBody: `{"login": ${login}, "type": "DEPOSIT", "preciseAmount": ${literal}}`,
      });
    expect((await raw('100.10')).status).toBe(200);
    expect((await raw('1e2')).status).toBe(200);
    expect(await balance()).toBe(1000 + 10010 + 10000);
  });

  it.each([
    ['0.1 + 0.2 computed with floats', 0.1 + 0.2],
    ['three decimals', 1.005],
    ['zero', 0],
    ['negative', -5],
    ['a string', '10.00'],
    ['a tiny exponent', 1e-7],
    ['beyond safe integers', 1e17],
  ])('refuses %s with CHANGE_BALANCE_BAD_AMOUNT and no effect', async (_label, preciseAmount) => {
    const res = await h.changeBalance(login, { preciseAmount, type: 'DEPOSIT' });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('CHANGE_BALANCE_BAD_AMOUNT');
    expect(await balance()).toBe(1000);
    expect(h.sim.state.balanceHistory(login)).toEqual([]);
  });

  it('refuses a withdrawal beyond the balance with NOT_ENOUGH_MONEY', async () => {
    const res = await h.changeBalance(login, { preciseAmount: 10.01, type: 'WITHDRAW' });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('NOT_ENOUGH_MONEY');
    expect((await h.changeBalance(login, { preciseAmount: 10, type: 'WITHDRAW' })).status).toBe(200);
    expect(await balance()).toBe(0);
  });

  it('keeps non-withdrawable bonus apart from the balance', async () => {
    expect((await h.changeBalance(login, { preciseAmount: 5, type: 'DEPOSIT_NONWITHDRAWABLE_BONUS' })).status).toBe(200);
    const trader = (await h.request('GET', `/v2/webserv/traders/${login}`)).body;
    expect(trader).toMatchObject({ balance: 1000, nonWithdrawableBonus: 500, equity: 1500 });
    expect((await h.changeBalance(login, { preciseAmount: 6, type: 'WITHDRAW_NONWITHDRAWABLE_BONUS' })).body.errorCode).toBe('NOT_ENOUGH_MONEY');
    expect((await h.changeBalance(login, { preciseAmount: 5, type: 'WITHDRAW_NONWITHDRAWABLE_BONUS' })).status).toBe(200);
  });

  it('does NOT de-duplicate by externalId: CT has no idempotency key', async () => {
    await h.changeBalance(login, { preciseAmount: 1, type: 'DEPOSIT', externalId: 'same' });
    await h.changeBalance(login, { preciseAmount: 1, type: 'DEPOSIT', externalId: 'same' });
    expect(await balance()).toBe(1200);
    const history = h.sim.state.balanceHistory(login) ?? [];
    expect(history.filter((entry) => entry.externalId === 'same')).toHaveLength(2);
  });

  it('validates login, type and presence of fields', async () => {
    const post = (path: number | string, body: Record<string, unknown>) => h.request('POST', `/v2/webserv/traders/${path}/changebalance`, { body });
    const mismatch = await post(login, { login: login + 1, preciseAmount: 1, type: 'DEPOSIT' });
    expect(mismatch.body).toMatchObject({ errorCode: 'INVALID_REQUEST', description: expect.stringContaining('login') });
    const badType = await post(login, { login, preciseAmount: 1, type: 'deposit' });
    expect(badType.body.description).toContain('type');
    const noAmount = await post(login, { login, type: 'DEPOSIT' });
    expect(noAmount.body).toMatchObject({ errorCode: 'INVALID_REQUEST', description: expect.stringContaining('preciseAmount') });
    const unknown = await post(3999999, { login: 3999999, preciseAmount: 1, type: 'DEPOSIT' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errorCode).toBe('TRADER_NOT_FOUND');
    const badPath = await post('abc', { login, preciseAmount: 1, type: 'DEPOSIT' });
    expect(badPath.status).toBe(400);
    expect(await balance()).toBe(1000);
  });
});
