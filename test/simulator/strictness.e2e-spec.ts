import { md5Hex } from '../../src/simulator';
import { BROKER_A, SimHarness, startSimulator, traderBody, TRADER_PASSWORD_HASH } from './simulator-test-kit';

/**
 * A strict server refuses what the docs do not list: a misspelled optional key must fail here, or a gateway that
 * sends `lastname` instead of `lastName` passes every test and silently loses the field in production.
 */
describe('cTrader simulator: strict bodies and per-account moneyDigits', () => {
  let h: SimHarness;

  beforeEach(async () => {
    h = await startSimulator({ moneyDigitsByCurrency: { JPY: 0, BTC: 8 } });
  });
  afterEach(() => h.close());

  const expectUnknownKey = (res: { status: number; body: any }, key: string) => {
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errorCode: 'INVALID_REQUEST', description: `'${key}' is not a known field` });
  };

  describe('unknown or misspelled body keys are refused on every 3.x call, before any effect', () => {
    it('3.1', async () => {
      const res = await h.request('POST', '/v2/webserv/managers/token', {
        token: null,
        body: { login: BROKER_A.managerLogin, hashedPassword: md5Hex(BROKER_A.managerPassword), password: 'x' },
      });
      expectUnknownKey(res, 'password');
    });

    it('3.2 and 3.10', async () => {
      const created = await h.request('POST', '/cid/oauth2/ctid/create', { body: { brokerCrmName: 'crm_a', email: 'a@example.com', firstname: 'Ann' } });
      expectUnknownKey(created, 'firstname');
      expect(h.sim.state.listUsers()).toHaveLength(0);
      // preferredLanguage as the docs show it: lower-case alpha-2.
      const upper = await h.request('POST', '/cid/oauth2/ctid/create', { body: { brokerCrmName: 'crm_a', email: 'a@example.com', preferredLanguage: 'EN' } });
      expect(upper.body.description).toContain('preferredLanguage');
      expect(h.sim.state.listUsers()).toHaveLength(0);
      const userId = await h.createUser('b@example.com');
      const changed = await h.request('PUT', '/cid/oauth2/ctid/changeEmail', {
        body: { userId, newEmail: 'c@example.com', brokerCrmName: 'crm_a', email: 'x' },
      });
      expectUnknownKey(changed, 'email');
      expect(h.sim.state.getUser(userId)?.email).toBe('b@example.com');
    });

    it('3.3: top-level and contactDetails keys are checked against the documented lists', async () => {
      expectUnknownKey(await h.request('POST', '/v2/webserv/traders', { body: { ...traderBody(), lastname: 'Doe' } }), 'lastname');
      expectUnknownKey(
        await h.request('POST', '/v2/webserv/traders', { body: { ...traderBody(), contactDetails: { email: 'a@example.com', zip: '1' } } }),
        'contactDetails.zip',
      );
      const wrongType = await h.request('POST', '/v2/webserv/traders', { body: { ...traderBody(), contactDetails: { countryId: 'CY' } } });
      expect(wrongType.body.description).toContain('contactDetails.countryId');
      expect(h.sim.state.listTraders()).toHaveLength(0);
      const documented = await h.createTrader({
        name: 'Ann',
        lastName: 'Doe',
        description: 'opened by the signup saga',
        contactDetails: {
          address: 'a',
          city: 'c',
          countryId: 196,
          documentId: 'd',
          email: 'a@example.com',
          phone: '+1',
          state: 's',
          zipCode: 'z',
          introducingBroker1: 'IB1',
          introducingBroker2: 'IB2',
        },
      });
      expect(documented.contactDetails).toMatchObject({ countryId: 196, introducingBroker2: 'IB2' });
    });

    it('3.4, 3.5, 3.6', async () => {
      const userId = await h.createUser('d@example.com');
      const { login } = await h.createTrader();
      const link = await h.request('POST', '/cid/ctid/link', {
        body: {
          traderLogin: login,
          traderPasswordHash: TRADER_PASSWORD_HASH,
          userId,
          brokerName: 'broker_a',
          environmentName: 'live',
          returnAccountDetails: true,
          password: 'x',
        },
      });
      expectUnknownKey(link, 'password');
      expect(h.sim.state.listAccounts()).toHaveLength(0);
      expectUnknownKey(await h.changeBalance(login, { preciseAmount: 1, type: 'DEPOSIT', amount: 1 }), 'amount');
      expect(h.sim.state.getTrader(login)?.balance).toBe(0);
      expectUnknownKey(
        await h.request('PUT', '/cid/oauth2/ctid/referral', { body: { brokerCrmName: 'crm_a', userId, partnerId: 'p1', partnerID: 'p1' } }),
        'partnerID',
      );
      expect(h.sim.state.listReferrals()).toHaveLength(0);
    });

    it('3.9: nested ribbon keys too', async () => {
      const userId = await h.createUser('e@example.com');
      const ribbon = { color: '#112233', title: 't', enabled: true, closable: false, action: { urlExternal: 'https://example.com' } };
      const res = await h.request('PUT', '/cid/oauth2/ctid/inAppControls', {
        body: { brokerCrmName: 'crm_a', userId, rules: { ribbons: [{ ...ribbon, colour: '#112233' }] } },
      });
      expectUnknownKey(res, 'rules.ribbons[0].colour');
      expectUnknownKey(
        await h.request('PUT', '/cid/oauth2/ctid/inAppControls', { body: { brokerCrmName: 'crm_a', userId, rules: { ribbon: [] } } }),
        'rules.ribbon',
      );
      expect(h.sim.state.listInAppControls()).toHaveLength(0);
    });

    it('LI', async () => {
      const token = h.sim.mintLightIdentityToken({ brokerCrmName: 'crm_a', email: 'f@example.com' });
      expectUnknownKey(await h.request('POST', '/cid/ctid2/inAppToken/redeem', { body: { token, brokerCrmName: 'crm_a' } }), 'brokerCrmName');
      // Not consumed by the refused call.
      expect((await h.request('POST', '/cid/ctid2/inAppToken/redeem', { body: { token } })).status).toBe(200);
    });
  });

  describe('moneyDigits per account (deposit currency)', () => {
    it.each([
      ['JPY', 0, 100, 1],
      ['USD', 2, 12345, 12345],
      ['BTC', 8, 100, 100000000],
    ])('%s: 3.3 and the trader read carry moneyDigits %i; 3.3 balance %i (in 10^2) is held as %i', async (currency, digits, balance, held) => {
      const created = await h.createTrader({ depositCurrency: currency, balance });
      expect(created).toMatchObject({ moneyDigits: digits, balance: held, depositCurrency: currency });
      const read = await h.request('GET', `/v2/webserv/traders/${created.login}`);
      expect(read.body).toMatchObject({ moneyDigits: digits, balance: held });
    });

    it('JPY: a 3.3 balance whose last two digits are not 0 is refused (the docs: balance is in 10^2)', async () => {
      const res = await h.request('POST', '/v2/webserv/traders', { body: { ...traderBody(), depositCurrency: 'JPY', balance: 150 } });
      expect(res.status).toBe(400);
      expect(res.body.description).toContain('balance');
    });

    it.each([
      ['JPY', 1500, 1500, 1.5],
      ['USD', 12.34, 1234, 12.345],
      ['BTC', 0.00000001, 1, 0.000000001],
    ])('%s: 3.5 preciseAmount %d credits %i minor units; %d has too many decimals', async (currency, ok, minor, tooPrecise) => {
      const { login } = await h.createTrader({ depositCurrency: currency });
      const credited = await h.changeBalance(login, { preciseAmount: ok, type: 'DEPOSIT' });
      expect(credited.status).toBe(200);
      expect(h.sim.state.getTrader(login)?.balance).toBe(minor);
      const refused = await h.changeBalance(login, { preciseAmount: tooPrecise, type: 'DEPOSIT' });
      expect(refused.status).toBe(400);
      expect(refused.body.errorCode).toBe('CHANGE_BALANCE_BAD_AMOUNT');
      expect(h.sim.state.getTrader(login)?.balance).toBe(minor);
    });

    it('PUT /__sim/money-digits configures a currency at run time', async () => {
      const res = await fetch(`${h.url}/__sim/money-digits`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ depositCurrency: 'KWD', moneyDigits: 3 }),
      });
      expect(res.status).toBe(200);
      expect((await h.createTrader({ depositCurrency: 'KWD', balance: 100 })).moneyDigits).toBe(3);
    });
  });
});
