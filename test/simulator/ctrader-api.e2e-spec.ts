import { md5Hex } from '../../src/simulator';
import { BROKER_A, BROKER_B, SimHarness, startSimulator, traderBody, TRADER_PASSWORD_HASH } from './simulator-test-kit';

describe('cTrader simulator: 3.x API over HTTP', () => {
  let h: SimHarness;

  beforeEach(async () => {
    h = await startSimulator();
  });

  afterEach(async () => {
    await h.close();
  });

  describe('3.1 manager token and auth', () => {
    it('issues a new token per call and keeps the old ones working', async () => {
      const body = { login: BROKER_A.managerLogin, hashedPassword: md5Hex(BROKER_A.managerPassword) };
      const first = await h.request('POST', '/v2/webserv/managers/token', { token: null, body });
      const second = await h.request('POST', '/v2/webserv/managers/token', { token: null, body });
      expect(first.status).toBe(200);
      expect(typeof first.body.webservToken).toBe('string');
      expect(second.body.webservToken).not.toBe(first.body.webservToken);
      for (const token of [first.body.webservToken, second.body.webservToken]) {
        const res = await h.request('GET', '/cid/oauth2/ctid/userId', {
          token,
          query: { brokerCrmName: 'crm_a', email: 'nobody@example.com' },
        });
        expect(res.status).toBe(200);
      }
      expect(h.sim.state.countCalls('3.1')).toBe(2);
    });

    it('accepts upper-case md5 hex', async () => {
      const res = await h.request('POST', '/v2/webserv/managers/token', {
        token: null,
        body: { login: BROKER_A.managerLogin, hashedPassword: md5Hex(BROKER_A.managerPassword).toUpperCase() },
      });
      expect(res.status).toBe(200);
    });

    it.each([
      [{ login: 1001, hashedPassword: md5Hex('wrong') }],
      [{ login: 9999, hashedPassword: md5Hex(BROKER_A.managerPassword) }],
      // The plaintext password is not the hash.
      [{ login: 1001, hashedPassword: BROKER_A.managerPassword }],
    ])('refuses bad credentials %j with 403 INVALID_CREDENTIALS', async (body) => {
      const res = await h.request('POST', '/v2/webserv/managers/token', { token: null, body });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ errorCode: 'INVALID_CREDENTIALS', description: expect.any(String) });
    });

    it('validates the 3.1 body', async () => {
      const res = await h.request('POST', '/v2/webserv/managers/token', {
        token: null,
        body: { login: '1001', hashedPassword: md5Hex(BROKER_A.managerPassword) },
      });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('INVALID_REQUEST');
      expect(res.body.description).toContain('login');
    });

    it('answers 401 INVALID_WEBSERV_TOKEN without or with an unknown token', async () => {
      for (const token of [null, 'not-a-token']) {
        const res = await h.request('POST', '/cid/oauth2/ctid/create', {
          token,
          body: { brokerCrmName: 'crm_a', email: 'a@example.com' },
        });
        expect(res.status).toBe(401);
        expect(res.body.errorCode).toBe('INVALID_WEBSERV_TOKEN');
      }
      expect(h.sim.state.listUsers()).toHaveLength(0);
    });

    it('revokeManagerTokens simulates CT forgetting the token', async () => {
      const token = await h.managerToken();
      expect(h.sim.state.revokeManagerTokens()).toBeGreaterThan(0);
      const res = await h.request('GET', '/v2/webserv/traders/3000001', { token });
      expect(res.status).toBe(401);
    });

    it('scopes a token to its manager: another CRM or broker is refused', async () => {
      const tokenB = await h.managerToken(BROKER_B);
      const user = await h.request('POST', '/cid/oauth2/ctid/create', {
        token: tokenB,
        body: { brokerCrmName: 'crm_a', email: 'a@example.com' },
      });
      expect(user.status).toBe(400);
      expect(user.body.errorCode).toBe('INVALID_BROKER_CRM_NAME');
      const trader = await h.request('POST', '/v2/webserv/traders', { token: tokenB, body: traderBody('broker_a') });
      expect(trader.status).toBe(400);
      expect(trader.body.errorCode).toBe('INVALID_BROKER_NAME');
      // Broker names are case-sensitive.
      const cased = await h.request('POST', '/v2/webserv/traders', { body: traderBody('Broker_A') });
      expect(cased.body.errorCode).toBe('INVALID_BROKER_NAME');
    });
  });

  describe('generic errors', () => {
    it('answers unknown routes with 404 NOT_FOUND in the CT error shape', async () => {
      const res = await h.request('GET', '/cid/nope', { token: null });
      expect(res.status).toBe(404);
      expect(res.body.errorCode).toBe('NOT_FOUND');
      // Paths are case-sensitive like CT's.
      const cased = await h.request('PUT', '/cid/oauth2/ctid/inappcontrols', { body: {} });
      expect(cased.status).toBe(404);
    });

    it('answers malformed JSON with 400 INVALID_REQUEST', async () => {
      const res = await h.request('POST', '/cid/oauth2/ctid/create', { rawBody: '{"brokerCrmName": ' });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('INVALID_REQUEST');
    });

    it('never puts the webservToken into the call log', async () => {
      const token = await h.managerToken();
      await h.request('GET', '/cid/oauth2/ctid/userId', { query: { brokerCrmName: 'crm_a', email: 'x@example.com' } });
      const log = await h.request('GET', '/__sim/calls', { token: null, query: { call: '3.11' } });
      expect(log.body.calls).toHaveLength(1);
      expect(log.body.calls[0]).toMatchObject({ call: '3.11', method: 'GET', status: 200 });
      expect(log.body.calls[0].path).not.toContain(token);
      expect(log.body.calls[0].path).toContain('token=[REDACTED]');
      const tokenLog = await h.request('GET', '/__sim/calls', { token: null, query: { call: '3.1' } });
      expect(JSON.stringify(tokenLog.body)).not.toContain(md5Hex(BROKER_A.managerPassword));
    });
  });

  describe('cTID users (3.2, 3.10-3.13)', () => {
    it('3.2 creates users with sequential ids', async () => {
      const first = await h.request('POST', '/cid/oauth2/ctid/create', {
        body: { brokerCrmName: 'crm_a', email: 'first@example.com', firstName: 'Ann', nickName: 'ann', preferredLanguage: 'en' },
      });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ userId: 1000001 });
      expect(await h.createUser('second@example.com')).toBe(1000002);
      expect(h.sim.state.getUser(1000001)).toMatchObject({ email: 'first@example.com', firstName: 'Ann', brokerCrmName: 'crm_a' });
    });

    it.each([
      [{ email: 'x@example.com' }, 'INVALID_REQUEST', 'brokerCrmName'],
      [{ brokerCrmName: 'crm_a' }, 'INVALID_REQUEST', 'email'],
      [{ brokerCrmName: 'crm_a', email: 'not-an-email' }, 'INVALID_REQUEST', 'email'],
      [{ brokerCrmName: 'crm_a', email: 'x@example.com', firstName: 42 }, 'INVALID_REQUEST', 'firstName'],
      [{ brokerCrmName: 'crm_a', email: 'abc@privaterelay.appleid.com' }, 'EMAIL_NOT_ALLOWED', ''],
      [{ brokerCrmName: 'crm_x', email: 'x@example.com' }, 'INVALID_BROKER_CRM_NAME', ''],
    ])('3.2 refuses %j with %s', async (body, code, field) => {
      const res = await h.request('POST', '/cid/oauth2/ctid/create', { body });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe(code);
      expect(res.body.description).toContain(field);
    });

    it('3.2 refuses an email already used in that CRM (case-insensitively), not in another CRM', async () => {
      await h.createUser('dup@example.com');
      const res = await h.request('POST', '/cid/oauth2/ctid/create', { body: { brokerCrmName: 'crm_a', email: 'DUP@example.com' } });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('EMAIL_ALREADY_EXISTS');
      await expect(h.createUser('dup@example.com', BROKER_B)).resolves.toBeGreaterThan(0);
    });

    it('3.11 finds a user by email, or answers 200 with an empty body', async () => {
      const userId = await h.createUser('find@example.com');
      const found = await h.request('GET', '/cid/oauth2/ctid/userId', { query: { brokerCrmName: 'crm_a', email: 'find@example.com' } });
      expect(found.status).toBe(200);
      expect(found.body).toEqual({ userId });
      const none = await h.request('GET', '/cid/oauth2/ctid/userId', { query: { brokerCrmName: 'crm_a', email: 'none@example.com' } });
      expect(none.status).toBe(200);
      expect(none.text).toBe('');
      const missing = await h.request('GET', '/cid/oauth2/ctid/userId', { query: { brokerCrmName: 'crm_a' } });
      expect(missing.status).toBe(400);
      expect(missing.body.description).toContain('email');
    });

    it('3.10 changes the email (204) and refuses relay addresses, duplicates and unknown users', async () => {
      const userId = await h.createUser('old@example.com');
      await h.createUser('taken@example.com');
      const change = (newEmail: string, id = userId) =>
        h.request('PUT', '/cid/oauth2/ctid/changeEmail', { body: { userId: id, newEmail, brokerCrmName: 'crm_a' } });
      const ok = await change('new@example.com');
      expect(ok.status).toBe(204);
      expect(ok.text).toBe('');
      expect(h.sim.state.getUser(userId)?.email).toBe('new@example.com');
      expect((await change('x@privaterelay.appleid.com')).body.errorCode).toBe('EMAIL_NOT_ALLOWED');
      expect((await change('taken@example.com')).body.errorCode).toBe('EMAIL_ALREADY_EXISTS');
      const unknown = await change('free@example.com', 42);
      expect(unknown.status).toBe(404);
      expect(unknown.body.errorCode).toBe('USER_NOT_FOUND');
      // Setting the same email again is a no-op, not a duplicate.
      expect((await change('new@example.com')).status).toBe(204);
    });

    it('3.12 records logouts and 3.13 records agreement acceptance (query-only calls)', async () => {
      const userId = await h.createUser('u@example.com');
      const query = { brokerCrmName: 'crm_a', userId };
      const logout = await h.request('POST', '/cid/oauth2/ctid/logout', { query });
      expect(logout.status).toBe(200);
      expect(logout.body).toEqual({});
      // Also with a JSON content type and an empty body.
      expect((await h.request('POST', '/cid/oauth2/ctid/logout', { query, rawBody: '' })).status).toBe(200);
      const accept = await h.request('PUT', '/cid/oauth2/ctid/acceptAgreement', { query });
      expect(accept.status).toBe(200);
      expect(accept.body).toEqual({});
      const view = await h.request('GET', `/__sim/users/${userId}`, { token: null });
      expect(view.body).toMatchObject({ logouts: 2, acceptedAgreement: true, email: 'u@example.com' });
      const unknown = await h.request('POST', '/cid/oauth2/ctid/logout', { query: { brokerCrmName: 'crm_a', userId: 5 } });
      expect(unknown.body.errorCode).toBe('USER_NOT_FOUND');
      const bad = await h.request('PUT', '/cid/oauth2/ctid/acceptAgreement', { query: { brokerCrmName: 'crm_a', userId: 'abc' } });
      expect(bad.status).toBe(400);
      expect(bad.body.description).toContain('userId');
    });
  });

  describe('traders (3.3, reads) and linking (3.4)', () => {
    it('3.3 creates a trader and GET reads it back', async () => {
      const created = await h.createTrader({
        balance: 12345,
        groupName: 'VIP',
        name: 'Ann',
        lastName: 'Lee',
        contactDetails: { email: 'ann@example.com', introducingBroker1: 'IB-1', introducingBroker2: 'IB-2' },
      });
      expect(created).toMatchObject({
        login: 3000001,
        moneyDigits: 2,
        balance: 12345,
        bonus: 0,
        equity: 12345,
        brokerName: 'broker_a',
        groupName: 'VIP',
        depositCurrency: 'USD',
        leverageInCents: 10000,
        accessRights: 'FULL_ACCESS',
        accountType: 'HEDGED',
        totalMarginCalculationType: 'MAX',
        contactDetails: { email: 'ann@example.com', introducingBroker1: 'IB-1', introducingBroker2: 'IB-2' },
        name: 'Ann',
        lastName: 'Lee',
      });
      expect(created).not.toHaveProperty('hashedPassword');
      const read = await h.request('GET', `/v2/webserv/traders/${created.login}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created);
      expect((await h.createTrader()).login).toBe(3000002);
      const missing = await h.request('GET', '/v2/webserv/traders/3999999');
      expect(missing.status).toBe(404);
      expect(missing.body.errorCode).toBe('TRADER_NOT_FOUND');
      // Another manager's trader does not exist for it.
      const other = await h.request('GET', `/v2/webserv/traders/${created.login}`, { token: await h.managerToken(BROKER_B) });
      expect(other.status).toBe(404);
    });

    it.each([
      ['accessRights', 'READ_ONLY', 'INVALID_REQUEST'],
      ['accountType', 'hedged', 'INVALID_REQUEST'],
      ['totalMarginCalculationType', 'AVG', 'INVALID_REQUEST'],
      ['depositCurrency', 'usd', 'INVALID_REQUEST'],
      ['leverageInCents', 0, 'INVALID_REQUEST'],
      ['leverageInCents', 100.5, 'INVALID_REQUEST'],
      ['balance', -1, 'INVALID_REQUEST'],
      ['balance', 10.5, 'INVALID_REQUEST'],
      ['hashedPassword', 'plain-password', 'INVALID_REQUEST'],
      ['contactDetails', 'x', 'INVALID_REQUEST'],
      ['contactDetails', { introducingBroker1: 7 }, 'INVALID_REQUEST'],
      ['groupName', 'Nope', 'TRADER_GROUP_NOT_FOUND'],
      ['brokerName', 'broker_b', 'INVALID_BROKER_NAME'],
    ])('3.3 refuses %s = %j with %s', async (field, value, code) => {
      const res = await h.request('POST', '/v2/webserv/traders', { body: { ...traderBody(), [field]: value } });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe(code);
      if (code === 'INVALID_REQUEST') expect(res.body.description).toContain(field);
    });

    it('3.3 refuses a missing required field, naming it', async () => {
      const body = traderBody();
      delete body.depositCurrency;
      const res = await h.request('POST', '/v2/webserv/traders', { body });
      expect(res.status).toBe(400);
      expect(res.body.description).toContain('depositCurrency');
    });

    it('3.4 links a trader to a user once; the same pair again is the documented TRADER_ALREADY_LINKED', async () => {
      const userId = await h.createUser('link@example.com');
      const { login } = await h.createTrader();
      const first = await h.link(login, userId);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ ctidTraderAccountId: 5000001 });
      const again = await h.link(login, userId);
      expect(again.status).toBe(400);
      expect(again.body.errorCode).toBe('TRADER_ALREADY_LINKED');
      expect(h.sim.state.listAccounts()).toHaveLength(1);
      expect(h.sim.state.getUser(userId)?.linkedAccounts).toEqual([
        expect.objectContaining({ ctidTraderAccountId: 5000001, traderLogin: login, environmentName: 'live' }),
      ]);
    });

    it('3.4 errors: unknown trader/user, wrong password, trader of another user, bad input', async () => {
      const userId = await h.createUser('one@example.com');
      const otherUser = await h.createUser('two@example.com');
      const { login } = await h.createTrader();
      expect((await h.link(3999999, userId)).body.errorCode).toBe('TRADER_NOT_FOUND');
      const noUser = await h.link(login, 42);
      expect(noUser.status).toBe(404);
      expect(noUser.body.errorCode).toBe('USER_NOT_FOUND');
      const wrongPassword = await h.request('POST', '/cid/ctid/link', {
        body: {
          traderLogin: login,
          traderPasswordHash: md5Hex('wrong'),
          userId,
          brokerName: 'broker_a',
          environmentName: 'live',
          returnAccountDetails: true,
        },
      });
      expect(wrongPassword.status).toBe(403);
      expect(wrongPassword.body.errorCode).toBe('INVALID_TRADER_PASSWORD');
      expect((await h.link(login, userId)).status).toBe(200);
      const taken = await h.link(login, otherUser);
      expect(taken.status).toBe(400);
      expect(taken.body.errorCode).toBe('TRADER_ALREADY_LINKED');
      expect(h.sim.state.listAccounts().filter((a) => a.traderLogin === login)).toEqual([expect.objectContaining({ userId })]);
      const badEnv = await h.request('POST', '/cid/ctid/link', {
        body: {
          traderLogin: login,
          traderPasswordHash: TRADER_PASSWORD_HASH,
          userId,
          brokerName: 'broker_a',
          environmentName: 'LIVE',
          returnAccountDetails: true,
        },
      });
      expect(badEnv.body).toMatchObject({ errorCode: 'INVALID_REQUEST', description: expect.stringContaining('environmentName') });
      // Not an enum: Spotware's examples include live2.
      const another = await h.createTrader();
      const live2 = await h.request('POST', '/cid/ctid/link', {
        body: {
          traderLogin: another.login,
          traderPasswordHash: TRADER_PASSWORD_HASH,
          userId,
          brokerName: 'broker_a',
          environmentName: 'live2',
          returnAccountDetails: true,
        },
      });
      expect(live2.status).toBe(200);
      expect(h.sim.state.listAccounts().find((a) => a.traderLogin === another.login)?.environmentName).toBe('live2');
      // A trader of the white label is not found under the main broker name.
      const wl = await h.createTrader({ brokerName: 'broker_a_wl' });
      expect((await h.link(wl.login, userId, 'broker_a')).body.errorCode).toBe('TRADER_NOT_FOUND');
      expect((await h.link(wl.login, userId, 'broker_a_wl')).status).toBe(200);
    });
  });

  describe('referrals (3.6-3.8)', () => {
    async function userWithAccount(email: string): Promise<{ userId: number; accountId: number }> {
      const userId = await h.createUser(email);
      const { login } = await h.createTrader();
      const linked = await h.link(login, userId);
      return { userId, accountId: linked.body.ctidTraderAccountId };
    }

    it('sets, reads back and deletes user-level and account-level records', async () => {
      const { userId, accountId } = await userWithAccount('ref@example.com');
      const put = await h.request('PUT', '/cid/oauth2/ctid/referral', { body: { brokerCrmName: 'crm_a', partnerId: 'P-1', userId } });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({});
      const putAccount = await h.request('PUT', '/cid/oauth2/ctid/referral', {
        body: { brokerCrmName: 'crm_a', partnerId: 'P-2', ctidTraderAccountId: accountId },
      });
      expect(putAccount.status).toBe(200);

      const userLevel = await h.request('GET', '/cid/oauth2/ctid/referral', { query: { brokerCrmName: 'crm_a', userId } });
      expect(userLevel.body).toEqual({ userId, ctidTraderAccountId: null, partnerId: 'P-1' });
      const accountLevel = await h.request('GET', '/cid/oauth2/ctid/referral', {
        query: { brokerCrmName: 'crm_a', ctidTraderAccountId: accountId },
      });
      expect(accountLevel.body).toEqual({ userId, ctidTraderAccountId: accountId, partnerId: 'P-2' });
      expect((await h.request('GET', '/__sim/referrals', { token: null })).body.referrals).toHaveLength(2);
      expect(h.sim.state.getUser(userId)).toMatchObject({ referral: { partnerId: 'P-1' }, accountReferrals: [{ partnerId: 'P-2' }] });

      // Without the account id only the user-level record goes.
      const del = await h.request('DELETE', '/cid/oauth2/ctid/referral', { query: { brokerCrmName: 'crm_a', userId } });
      // 3.8's documented status is 200, not 204 (help.ctrader.com 3.8).
      expect(del.status).toBe(200);
      expect(del.text).toBe('');
      expect((await h.request('GET', '/cid/oauth2/ctid/referral', { query: { brokerCrmName: 'crm_a', userId } })).body.errorCode).toBe('REFERRAL_NOT_FOUND');
      expect(h.sim.state.listReferrals()).toEqual([expect.objectContaining({ ctidTraderAccountId: accountId })]);
      await h.request('DELETE', '/cid/oauth2/ctid/referral', {
        query: { brokerCrmName: 'crm_a', userId, ctidTraderAccountId: accountId },
      });
      expect(h.sim.state.listReferrals()).toEqual([]);
      // Idempotent.
      expect((await h.request('DELETE', '/cid/oauth2/ctid/referral', { query: { brokerCrmName: 'crm_a', userId } })).status).toBe(200);
    });

    it('replaces a record on a second PUT', async () => {
      const userId = await h.createUser('r2@example.com');
      await h.request('PUT', '/cid/oauth2/ctid/referral', { body: { brokerCrmName: 'crm_a', partnerId: 'A', userId } });
      await h.request('PUT', '/cid/oauth2/ctid/referral', { body: { brokerCrmName: 'crm_a', partnerId: 'B', userId } });
      expect(h.sim.state.listReferrals()).toEqual([expect.objectContaining({ partnerId: 'B' })]);
    });

    it('errors: no target, unknown user/account, account of another user, missing partnerId', async () => {
      const { userId, accountId } = await userWithAccount('e@example.com');
      const other = await h.createUser('other@example.com');
      const put = (body: Record<string, unknown>) => h.request('PUT', '/cid/oauth2/ctid/referral', { body: { brokerCrmName: 'crm_a', ...body } });
      expect((await put({ partnerId: 'P' })).body.errorCode).toBe('INVALID_REQUEST');
      expect((await put({ userId })).body.description).toContain('partnerId');
      expect((await put({ partnerId: 'P', userId: 7 })).body.errorCode).toBe('USER_NOT_FOUND');
      expect((await put({ partnerId: 'P', ctidTraderAccountId: 5999999 })).body.errorCode).toBe('CTID_TRADER_ACCOUNT_NOT_FOUND');
      expect((await put({ partnerId: 'P', userId: other, ctidTraderAccountId: accountId })).body.errorCode).toBe('CTID_TRADER_ACCOUNT_NOT_FOUND');
      expect((await put({ partnerId: 'P', userId, ctidTraderAccountId: accountId })).status).toBe(200);
      const getNone = await h.request('GET', '/cid/oauth2/ctid/referral', { query: { brokerCrmName: 'crm_a', userId: other } });
      expect(getNone.status).toBe(404);
      expect(getNone.body.errorCode).toBe('REFERRAL_NOT_FOUND');
      const getBad = await h.request('GET', '/cid/oauth2/ctid/referral', { query: { brokerCrmName: 'crm_a' } });
      expect(getBad.body.errorCode).toBe('INVALID_REQUEST');
    });
  });

  describe('in-app controls (3.9)', () => {
    const ribbon = {
      color: '#1a2b3c',
      title: 'Deposit now',
      enabled: true,
      closable: false,
      action: { urlinApp: 'https://crm.example.com/inapp/deposit' },
    };

    it('replaces the whole rule set, reads back, and clears with rules: {}', async () => {
      const userId = await h.createUser('rib@example.com');
      const put = (rules: unknown) => h.request('PUT', '/cid/oauth2/ctid/inAppControls', { body: { brokerCrmName: 'crm_a', userId, rules } });
      const first = await put({
        ribbons: [
          ribbon,
          { ...ribbon, title: 'Verify', action: { urlExternal: 'https://example.com/kyc' }, brokerName: 'broker_a', ctidTraderAccountId: '5000001' },
        ],
      });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({});
      expect(h.sim.state.getInAppControls('crm_a', userId)?.rules.ribbons).toHaveLength(2);
      await put({ ribbons: [{ ...ribbon, title: 'Only one' }] });
      const read = await h.request('GET', `/__sim/in-app-controls/${userId}`, { token: null });
      expect(read.body.rules).toEqual({ ribbons: [{ ...ribbon, title: 'Only one' }] });
      expect((await put({})).status).toBe(201);
      expect(h.sim.state.getUser(userId)?.inAppControls).toEqual({});
    });

    it.each([
      [{ ...ribbon, color: 'red' }, 'color'],
      [{ ...ribbon, color: '#12345' }, 'color'],
      [{ ...ribbon, title: '' }, 'title'],
      [{ ...ribbon, enabled: 'yes' }, 'enabled'],
      [{ ...ribbon, closable: undefined }, 'closable'],
      [{ ...ribbon, action: { urlInApp: 'https://x.example.com' } }, 'urlInApp'],
      [{ ...ribbon, action: {} }, 'action'],
      [{ ...ribbon, action: { urlExternal: 'https://a.example.com', urlinApp: 'https://b.example.com' } }, 'action'],
      [{ ...ribbon, action: { urlExternal: 'javascript:alert(1)' } }, 'urlExternal'],
      [{ ...ribbon, ctidTraderAccountId: 5000001 }, 'ctidTraderAccountId'],
    ])('refuses ribbon %j (field %s)', async (bad, field) => {
      const userId = await h.createUser('bad@example.com');
      const res = await h.request('PUT', '/cid/oauth2/ctid/inAppControls', {
        body: { brokerCrmName: 'crm_a', userId, rules: { ribbons: [bad] } },
      });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('INVALID_REQUEST');
      expect(res.body.description).toContain(field);
      expect(h.sim.state.getInAppControls('crm_a', userId)).toBeUndefined();
    });

    it('checks the user, the CRM and a ribbon brokerName', async () => {
      const userId = await h.createUser('c@example.com');
      const put = (body: Record<string, unknown>) => h.request('PUT', '/cid/oauth2/ctid/inAppControls', { body });
      expect((await put({ brokerCrmName: 'crm_a', userId: 1, rules: {} })).body.errorCode).toBe('USER_NOT_FOUND');
      expect((await put({ brokerCrmName: 'crm_b', userId, rules: {} })).body.errorCode).toBe('INVALID_BROKER_CRM_NAME');
      expect((await put({ brokerCrmName: 'crm_a', userId, rules: { ribbons: [{ ...ribbon, brokerName: 'broker_b' }] } })).body.errorCode).toBe(
        'INVALID_BROKER_NAME',
      );
      expect((await put({ brokerCrmName: 'crm_a', userId })).body.description).toContain('rules');
    });
  });

  describe('read-back and reset', () => {
    it('exposes users, traders and calls under /__sim and resets', async () => {
      const userId = await h.createUser('rb@example.com');
      const { login } = await h.createTrader();
      expect((await h.request('GET', '/__sim/users', { token: null })).body.users).toEqual([expect.objectContaining({ userId })]);
      expect((await h.request('GET', `/__sim/traders/${login}`, { token: null })).body.login).toBe(login);
      expect(h.sim.state.countCalls('3.2')).toBe(1);
      const reset = await h.request('POST', '/__sim/reset', { token: null });
      expect(reset.status).toBe(200);
      expect(h.sim.state.listUsers()).toEqual([]);
      expect(h.sim.state.countCalls()).toBe(0);
      expect((await h.request('GET', `/__sim/users/${userId}`, { token: null })).status).toBe(404);
      // Ids keep counting after a reset, so an app database that outlived it never sees one reused.
      expect(await h.createUser('rb@example.com')).toBe(userId + 1);
    });
  });
});
