import { Logger } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { CreateTraderInput } from '../../src/kernel/ctrader-gateway/ctrader-gateway.dto';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { CtraderError } from '../../src/kernel/ctrader-gateway/ctrader.error';
import { CtraderSimulator, FaultRule } from '../../src/simulator';
import { HeldCallTimeouts, ManualCallTimer, timeOutHeldCalls } from '../support/manual-call-timer';
import { ctraderTestConfig, StandaloneGateway, standaloneGateway, startSimulatorFor } from '../support/simulator-harness';
import { recordingLogger } from '../support/recording-logger';

/**
 * The gateway's call timeouts, fired by the test once the simulator is seen holding a call (timeOutHeldCalls), not
 * by the wall clock: `ctrader.timeoutMs` is long enough that no call here is ever late on a slow machine.
 */
const timeouts = new ManualCallTimer();
const CALL_TIMEOUT_MS = 60_000;

/** Fast retries in tests; the policy itself is what is under test. */
const FAST = {
  backoff: { baseMs: 10, maxMs: 40 },
  rateLimitBackoff: { baseMs: 40, maxMs: 400 },
  credentialRefusalCooldownMs: 60000,
  readinessCacheMs: 0,
  readinessTimeoutMs: CALL_TIMEOUT_MS,
  callTimer: timeouts.start,
};

const TRADER_PASSWORD = 'trader-password';
const traderInput = (over: Partial<CreateTraderInput> = {}): CreateTraderInput => ({
  accessRights: 'FULL_ACCESS',
  accountType: 'HEDGED',
  balance: 0,
  depositCurrency: 'USD',
  groupName: 'Default',
  traderPassword: TRADER_PASSWORD,
  leverageInCents: 10000,
  totalMarginCalculationType: 'MAX',
  ...over,
});

async function failure(promise: Promise<unknown>): Promise<CtraderError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof CtraderError) return error;
    throw error;
  }
  throw new Error('expected a CtraderError');
}

describe('CtraderGateway ↔ simulator over HTTP (contract §1.5)', () => {
  let config: AppConfig;
  let sim: CtraderSimulator;
  let g: StandaloneGateway;
  let gateway: CtraderGateway;
  let held: HeldCallTimeouts;
  let seq = 0;
  const email = () => `user${++seq}.${Date.now()}@example.com`;
  const count = (call: Parameters<CtraderSimulator['state']['countCalls']>[0]) => sim.state.countCalls(call);
  const fault = (rule: FaultRule) => sim.faults.add(rule);

  beforeAll(async () => {
    // The standalone gateway logs through Nest's static Logger: every line goes to the run's leak scan, not the console.
    Logger.overrideLogger(recordingLogger);
    config = ctraderTestConfig({ timeoutMs: CALL_TIMEOUT_MS });
    sim = await startSimulatorFor(config);
    g = standaloneGateway(config, FAST);
    gateway = g.gateway;
    held = timeOutHeldCalls(sim, timeouts);
  });
  afterAll(async () => {
    await held.stop();
    await g.close();
    await sim.close();
  });
  afterEach(() => sim.faults.clear());

  describe('every call round-trips with the right path, base URL, auth and body', () => {
    it('3.1 goes to /v2 with login and the MD5 of the manager password, and no token', async () => {
      const { webservToken } = await gateway.obtainManagerToken('broker_a');
      expect(webservToken).toMatch(/^[0-9a-f]{48}$/);
      const [call] = sim.state.calls({ call: '3.1' });
      expect(call).toMatchObject({ method: 'POST', path: '/v2/webserv/managers/token', body: { login: 2309, hashedPassword: '[REDACTED]' }, status: 200 });
    });

    it('3.2–3.13, LI and the trader reads', async () => {
      const mail = email();
      const { userId } = await gateway.createUser('broker_a', { email: mail, firstName: 'Ann', preferredLanguage: 'en' });
      const trader = await gateway.createTrader('broker_b', traderInput({ name: 'Ann', contactDetails: { introducingBroker1: 'ib-1' } }));
      expect(trader).toMatchObject({ login: expect.any(Number), moneyDigits: 2, brokerName: 'broker_b', balance: 0 });
      const read = await gateway.getTrader('broker_b', trader.login);
      expect(read.login).toBe(trader.login);
      const listed = await gateway.listTraders('broker_b', { from: Date.now() - 60000, to: Date.now() + 60000 });
      expect(listed.map((x) => x.login)).toContain(trader.login);
      expect(listed.find((x) => x.login === trader.login)?.contactDetails).toEqual({ introducingBroker1: 'ib-1' });
      // The simulator accepts the link only if traderPasswordHash is the MD5 of the password 3.3 was given.
      const { ctidTraderAccountId } = await gateway.linkAccount('broker_b', { traderLogin: trader.login, userId, traderPassword: TRADER_PASSWORD });
      expect(ctidTraderAccountId).toEqual(expect.any(Number));
      const { balanceHistoryId } = await gateway.changeBalance('broker_b', {
        login: trader.login,
        preciseAmount: '100.10',
        type: 'DEPOSIT',
        externalId: 'rt-dep-1',
        comment: 'round trip',
      });
      expect(sim.state.balanceHistory(trader.login)).toEqual([
        expect.objectContaining({ balanceHistoryId, externalId: 'rt-dep-1', delta: '100.10', balance: 10010 }),
      ]);
      await gateway.setReferral('broker_a', { userId, partnerId: 'partner-7' });
      expect(await gateway.getReferral('broker_a', { userId })).toEqual({ userId, ctidTraderAccountId: null, partnerId: 'partner-7' });
      await gateway.deleteReferral('broker_a', { userId });
      expect(await gateway.getReferral('broker_a', { userId })).toBeNull();
      const rules = {
        ribbons: [
          {
            color: '#112233',
            title: 'Deposit',
            enabled: true,
            closable: false,
            action: { urlinApp: 'https://crm.example.com/deposit' },
            brokerName: 'broker_a',
          },
        ],
      };
      await gateway.putInAppControls('broker_a', { userId, rules });
      expect(sim.state.getInAppControls('crm_shared', userId)?.rules).toEqual(rules);
      const newMail = email();
      await gateway.changeEmail('broker_a', { userId, newEmail: newMail });
      expect(await gateway.findUserIdByEmail('broker_a', newMail)).toBe(userId);
      expect(await gateway.findUserIdByEmail('broker_a', 'nobody@example.com')).toBeNull();
      await gateway.logoutEverywhere('broker_a', userId);
      await gateway.acceptAgreement('broker_a', userId);
      expect(sim.state.getUser(userId)).toMatchObject({ email: newMail, logouts: 1, acceptedAgreement: true });
      const li = sim.mintLightIdentityToken({ brokerCrmName: 'crm_c', email: email(), tradingLogin: 42 });
      const redeemed = await gateway.redeemLightIdentityToken('broker_c', li);
      expect(redeemed).toEqual({ userId: expect.any(Number), email: expect.stringContaining('@example.com'), tradingLogin: 42 });

      const byCall = (id: string) =>
        sim.state
          .calls()
          .filter((c) => c.call === id)
          .at(-1)!;
      const t = 'token=[REDACTED]';
      expect(byCall('3.2')).toMatchObject({
        method: 'POST',
        path: `/cid/oauth2/ctid/create?${t}`,
        body: { brokerCrmName: 'crm_shared', email: mail, firstName: 'Ann', preferredLanguage: 'en' },
      });
      expect(byCall('3.3')).toMatchObject({
        method: 'POST',
        path: `/v2/webserv/traders?${t}`,
        body: {
          brokerName: 'broker_b',
          hashedPassword: '[REDACTED]',
          accessRights: 'FULL_ACCESS',
          leverageInCents: 10000,
          contactDetails: { introducingBroker1: 'ib-1' },
        },
      });
      expect(byCall('3.3').body).not.toHaveProperty('traderPassword');
      expect(byCall('traderRead')).toMatchObject({ method: 'GET', path: `/v2/webserv/traders/${trader.login}?${t}` });
      expect(byCall('3.4')).toMatchObject({
        method: 'POST',
        path: `/cid/ctid/link?${t}`,
        body: {
          traderLogin: trader.login,
          userId,
          brokerName: 'broker_b',
          environmentName: 'live',
          returnAccountDetails: true,
          traderPasswordHash: '[REDACTED]',
        },
      });
      expect(byCall('3.5')).toMatchObject({
        method: 'POST',
        path: `/v2/webserv/traders/${trader.login}/changebalance?${t}`,
        body: { login: trader.login, preciseAmount: 100.1, type: 'DEPOSIT', externalId: 'rt-dep-1', comment: 'round trip' },
      });
      // yyyy-MM-ddTHH:mm:ss.SSS in UTC (':' percent-encoded in the query), never epoch ms.
      const instant = '\\d{4}-\\d{2}-\\d{2}T\\d{2}%3A\\d{2}%3A\\d{2}\\.\\d{3}';
      expect(byCall('tradersList').path).toMatch(new RegExp(`^/v2/webserv/traders\\?from=${instant}&to=${instant}&${t.replace(/[[\]]/g, '\\$&')}$`));
      // No balance-history read is made: the docs have none (it exists only as an opt-in reconciliation source).
      expect(byCall('balanceHistoryRead')).toBeUndefined();
      expect(byCall('3.6')).toMatchObject({
        method: 'PUT',
        path: `/cid/oauth2/ctid/referral?${t}`,
        body: { brokerCrmName: 'crm_shared', userId, partnerId: 'partner-7' },
      });
      expect(byCall('3.7')).toMatchObject({ method: 'GET', path: `/cid/oauth2/ctid/referral?brokerCrmName=crm_shared&userId=${userId}&${t}` });
      expect(byCall('3.8')).toMatchObject({ method: 'DELETE', path: `/cid/oauth2/ctid/referral?brokerCrmName=crm_shared&userId=${userId}&${t}` });
      expect(byCall('3.9')).toMatchObject({ method: 'PUT', path: `/cid/oauth2/ctid/inAppControls?${t}`, body: { brokerCrmName: 'crm_shared', userId, rules } });
      expect(byCall('3.10')).toMatchObject({
        method: 'PUT',
        path: `/cid/oauth2/ctid/changeEmail?${t}`,
        body: { userId, newEmail: newMail, brokerCrmName: 'crm_shared' },
      });
      expect(byCall('3.11')).toMatchObject({ method: 'GET', path: `/cid/oauth2/ctid/userId?brokerCrmName=crm_shared&email=nobody%40example.com&${t}` });
      expect(byCall('3.12')).toMatchObject({ method: 'POST', path: `/cid/oauth2/ctid/logout?brokerCrmName=crm_shared&userId=${userId}&${t}` });
      expect(byCall('3.13')).toMatchObject({ method: 'PUT', path: `/cid/oauth2/ctid/acceptAgreement?brokerCrmName=crm_shared&userId=${userId}&${t}` });
      expect(byCall('LI')).toMatchObject({ method: 'POST', path: `/cid/ctid2/inAppToken/redeem?${t}`, body: { token: '[REDACTED]' } });
      // Every call but 3.1 carried the manager token; 3.1 never did.
      for (const c of sim.state.calls()) expect(c.path.includes('token=')).toBe(c.call !== '3.1');
    });

    it('3.2 sends preferredLanguage as the docs show it: a lower-case alpha-2 code', async () => {
      for (const [given, sent] of [
        ['EN', 'en'],
        ['pt-BR', 'pt'],
        ['de', 'de'],
        ['not a language', undefined],
      ] as const) {
        const { userId } = await gateway.createUser('broker_a', { email: email(), preferredLanguage: given });
        expect(sim.state.getUser(userId)?.preferredLanguage).toBe(sent ?? null);
      }
    });

    it('3.11 and 3.12 use the paths from config', async () => {
      const paths = config.brokers[0].ctrader.paths;
      const saved = { ...paths };
      paths.logout = '/oauth2/ctid/logoutEverywhere';
      try {
        const e = await failure(gateway.logoutEverywhere('broker_a', 1));
        expect(e).toMatchObject({ kind: 'rejected', status: 404, errorCode: 'NOT_FOUND', callId: '3.12' });
      } finally {
        Object.assign(paths, saved);
      }
    });

    it('3.12 and 3.13 send the method and path from config (the defaults are readings)', async () => {
      const { userId } = await gateway.createUser('broker_a', { email: email() });
      const paths = config.brokers[0].ctrader.paths;
      const saved = { ...paths };
      // Swapped on purpose: the simulator serves each pair as the other call, which proves both are taken from config.
      Object.assign(paths, {
        logout: '/oauth2/ctid/acceptAgreement',
        logoutMethod: 'PUT',
        acceptAgreement: '/oauth2/ctid/logout',
        acceptAgreementMethod: 'POST',
      });
      try {
        const before = { out: count('3.12'), agr: count('3.13') };
        await gateway.logoutEverywhere('broker_a', userId);
        expect(sim.state.calls({ call: '3.13' }).slice(-1)[0]).toMatchObject({ method: 'PUT', status: 200 });
        await gateway.acceptAgreement('broker_a', userId);
        expect(sim.state.calls({ call: '3.12' }).slice(-1)[0]).toMatchObject({ method: 'POST', status: 200 });
        expect({ out: count('3.12'), agr: count('3.13') }).toEqual({ out: before.out + 1, agr: before.agr + 1 });
      } finally {
        Object.assign(paths, saved);
      }
    });

    it('maps CT business errors to typed errors with CT\u2019s code, never renewing the token for them', async () => {
      const trader = await gateway.createTrader('broker_a', traderInput());
      const tokens = count('3.1');
      const cases: Array<[() => Promise<unknown>, string]> = [
        [() => gateway.changeBalance('broker_a', { login: trader.login, preciseAmount: '5', type: 'WITHDRAW', externalId: 'w-1' }), 'NOT_ENOUGH_MONEY'],
        [
          () => gateway.changeBalance('broker_a', { login: trader.login, preciseAmount: '1.001', type: 'DEPOSIT', externalId: 'd-1' }),
          'CHANGE_BALANCE_BAD_AMOUNT',
        ],
        [() => gateway.changeBalance('broker_a', { login: 9999999, preciseAmount: '1', type: 'DEPOSIT', externalId: 'd-2' }), 'TRADER_NOT_FOUND'],
        [
          async () =>
            gateway.linkAccount('broker_a', {
              traderLogin: trader.login,
              userId: (await gateway.createUser('broker_a', { email: email() })).userId,
              traderPassword: 'wrong',
            }),
          'INVALID_TRADER_PASSWORD',
        ],
        [() => gateway.createUser('broker_a', { email: 'someone@privaterelay.appleid.com' }), 'EMAIL_NOT_ALLOWED'],
      ];
      // Each call starts only when awaited, so no rejection is left unobserved in between.
      for (const [call, code] of cases) {
        const e = await failure(call());
        expect(e).toMatchObject({ kind: 'rejected', errorCode: code, retryable: false, outcomeUnknown: false });
        expect(e.message).not.toMatch(/token=|[0-9a-f]{48}/);
      }
      expect(count('3.1')).toBe(tokens);
      expect(sim.state.balanceHistory(trader.login)).toEqual([]);
    });
  });

  describe('manager token (3.1)', () => {
    it('N concurrent calls on a cold gateway cost one 3.1', async () => {
      const fresh = standaloneGateway(config, FAST);
      try {
        const before = count('3.1');
        const trader = await gateway.createTrader('broker_a', traderInput());
        await Promise.all([
          ...Array.from({ length: 20 }, () => fresh.gateway.getTrader('broker_a', trader.login)),
          ...Array.from({ length: 5 }, () => fresh.gateway.createUser('broker_a', { email: email() })),
        ]);
        expect(count('3.1')).toBe(before + 1);
        // The token is cached per broker and cTrader host: another broker obtains its own, once.
        await Promise.all(Array.from({ length: 5 }, () => fresh.gateway.getTrader('broker_b', trader.login)));
        await fresh.gateway.getTrader('broker_a', trader.login);
        expect(count('3.1')).toBe(before + 2);
      } finally {
        await fresh.close();
      }
    });

    it('a token CT forgot is renewed once and the call repeated once; concurrent callers share that renewal', async () => {
      const trader = await gateway.createTrader('broker_a', traderInput());
      sim.state.revokeManagerTokens();
      const before = { token: count('3.1'), reads: count('traderRead') };
      await Promise.all(Array.from({ length: 10 }, () => gateway.getTrader('broker_a', trader.login)));
      expect(count('3.1')).toBe(before.token + 1);
      expect(count('traderRead')).toBe(before.reads + 20);
      const refused = sim.state
        .calls({ call: 'traderRead' })
        .slice(-20)
        .filter((c) => c.status === 401);
      expect(refused).toHaveLength(10);
    });

    it.each([
      [400, 'INVALID_WEBSERV_TOKEN'],
      [403, 'INVALID_TOKEN'],
      [500, 'WEBSERV_TOKEN_INVALID'],
    ])('a token refusal with status %i (%s) is renewed once too, and the call repeated once', async (status, errorCode) => {
      const user = await gateway.createUser('broker_a', { email: email() });
      fault({ call: '3.9', mode: 'error', status, errorCode, times: 1 });
      const before = { token: count('3.1'), put: count('3.9') };
      await gateway.putInAppControls('broker_a', { userId: user.userId, rules: {} });
      expect(count('3.1')).toBe(before.token + 1);
      expect(count('3.9')).toBe(before.put + 2);
    });

    it('a 401 from the LI redeem is about the user token: no renewal', async () => {
      const before = count('3.1');
      const e = await failure(gateway.redeemLightIdentityToken('broker_a', 'no-such-token-' + 'x'.repeat(20)));
      expect(e.kind).toBe('rejected');
      expect(count('3.1')).toBe(before);
    });

    it('a token refused again after renewal fails cleanly: one renewal, two sends, no loop', async () => {
      fault({ call: '3.9', mode: 'error', status: 401, errorCode: 'INVALID_WEBSERV_TOKEN', times: 0 });
      const before = { token: count('3.1'), put: count('3.9') };
      const e = await failure(gateway.putInAppControls('broker_a', { userId: 1, rules: {} }));
      expect(e).toMatchObject({ kind: 'auth', errorCode: 'INVALID_WEBSERV_TOKEN', status: 401, retryable: false });
      expect(count('3.1')).toBe(before.token + 1);
      expect(count('3.9')).toBe(before.put + 2);
    });

    it('a wrong manager password fails after one 3.1, then fast without calling CT (cooldown)', async () => {
      const wrongConfig = ctraderTestConfig({ timeoutMs: CALL_TIMEOUT_MS });
      for (const b of wrongConfig.brokers) b.ctrader.url = config.brokers[0].ctrader.url;
      wrongConfig.brokers[0].ctrader.managerPassword = 'not-the-password';
      const wrong = standaloneGateway(wrongConfig, FAST);
      try {
        const before = count('3.1');
        const e = await failure(wrong.gateway.createUser('broker_a', { email: email() }));
        expect(e).toMatchObject({ kind: 'auth', callId: '3.1', errorCode: 'INVALID_CREDENTIALS', status: 403 });
        expect(e.message).not.toContain('not-the-password');
        expect(count('3.1')).toBe(before + 1);
        await expect(wrong.gateway.createUser('broker_a', { email: email() })).rejects.toBe(e);
        expect(count('3.1')).toBe(before + 1);
      } finally {
        await wrong.close();
      }
    });

    it('a revoked token with a password changed meanwhile: one renewal attempt, then a clean auth error', async () => {
      const cfg = ctraderTestConfig({ timeoutMs: CALL_TIMEOUT_MS });
      for (const b of cfg.brokers) b.ctrader.url = config.brokers[0].ctrader.url;
      const own = standaloneGateway(cfg, FAST);
      try {
        await own.gateway.createUser('broker_a', { email: email() });
        cfg.brokers[0].ctrader.managerPassword = 'rotated-elsewhere';
        sim.state.revokeManagerTokens();
        const before = { token: count('3.1'), create: count('3.2') };
        const e = await failure(own.gateway.createUser('broker_a', { email: email() }));
        expect(e).toMatchObject({ kind: 'auth', callId: '3.1', errorCode: 'INVALID_CREDENTIALS' });
        expect(count('3.1')).toBe(before.token + 1);
        expect(count('3.2')).toBe(before.create + 1);
      } finally {
        await own.close();
      }
    });
  });

  describe('retries only where safe', () => {
    let login: number;
    beforeAll(async () => {
      login = (await gateway.createTrader('broker_a', traderInput())).login;
    });

    it('GETs are repeated after 5xx and timeouts', async () => {
      fault({ call: 'traderRead', mode: 'error', status: 503, times: 1 });
      fault({ call: 'traderRead', mode: 'timeout', times: 1 });
      const before = { reads: count('traderRead'), timedOut: held.fired() };
      expect((await gateway.getTrader('broker_a', login)).login).toBe(login);
      expect(count('traderRead')).toBe(before.reads + 3);
      expect(held.fired()).toBe(before.timedOut + 1); // the held read was given up on once, then sent again
    });

    it('a GET that keeps failing gives up after maxAttempts with a typed error', async () => {
      fault({ call: 'traderRead', mode: 'error', status: 500, times: 0 });
      const before = count('traderRead');
      const e = await failure(gateway.getTrader('broker_a', login));
      expect(e).toMatchObject({ kind: 'server', status: 500, retryable: true, outcomeUnknown: false });
      expect(count('traderRead')).toBe(before + 3);
    });

    it('replace-style PUT/DELETE/logout are repeated after 5xx and timeouts', async () => {
      const { userId } = await gateway.createUser('broker_a', { email: email() });
      const before = { put: count('3.9'), ref: count('3.6'), del: count('3.8'), out: count('3.12'), agr: count('3.13'), mail: count('3.10') };
      const timedOut = held.fired();
      fault({ call: '3.9', mode: 'timeout', times: 1 });
      fault({ call: '3.6', mode: 'error', status: 502, times: 1 });
      fault({ call: '3.8', mode: 'error', status: 503, times: 1 });
      fault({ call: '3.12', mode: 'timeout', times: 1 });
      fault({ call: '3.13', mode: 'error', status: 500, times: 1 });
      fault({ call: '3.10', mode: 'dropAfterEffect', times: 1 });
      await gateway.putInAppControls('broker_a', { userId, rules: {} });
      await gateway.setReferral('broker_a', { userId, partnerId: 'p' });
      await gateway.deleteReferral('broker_a', { userId });
      await gateway.logoutEverywhere('broker_a', userId);
      await gateway.acceptAgreement('broker_a', userId);
      await gateway.changeEmail('broker_a', { userId, newEmail: email() });
      expect({ put: count('3.9'), ref: count('3.6'), del: count('3.8'), out: count('3.12'), agr: count('3.13'), mail: count('3.10') }).toEqual({
        put: before.put + 2,
        ref: before.ref + 2,
        del: before.del + 2,
        out: before.out + 2,
        agr: before.agr + 2,
        mail: before.mail + 2,
      });
      expect(held.fired()).toBe(timedOut + 2); // 3.9 and 3.12
    });

    it('3.5 is never repeated by the gateway: 5xx, timeout and a dropped answer reach the caller as outcome-unknown', async () => {
      const cases: Array<[FaultRule, string, boolean]> = [
        [{ call: '3.5', mode: 'error', status: 503 }, 'server', false],
        [{ call: '3.5', mode: 'timeout' }, 'timeout', false],
        [{ call: '3.5', mode: 'dropAfterEffect' }, 'network', true],
      ];
      for (const [rule, kind, applied] of cases) {
        fault(rule);
        const before = count('3.5');
        const timedOut = held.fired();
        const externalId = `unsafe-${kind}`;
        const e = await failure(gateway.changeBalance('broker_a', { login, preciseAmount: '1', type: 'DEPOSIT', externalId }));
        expect(e).toMatchObject({ kind, callId: '3.5', retryable: true, outcomeUnknown: true });
        expect(count('3.5')).toBe(before + 1);
        expect(held.fired()).toBe(timedOut + (kind === 'timeout' ? 1 : 0));
        const entries = (sim.state.balanceHistory(login) ?? []).filter((h) => h.externalId === externalId);
        expect(entries).toHaveLength(applied ? 1 : 0);
      }
    });

    it('3.2, 3.3, 3.4 and LI are not repeated either', async () => {
      const { userId } = await gateway.createUser('broker_a', { email: email() });
      const before = { create: count('3.2'), trader: count('3.3'), link: count('3.4'), li: count('LI') };
      const timedOut = held.fired();
      fault({ call: '3.2', mode: 'error', status: 503 });
      fault({ call: '3.3', mode: 'timeout' });
      fault({ call: '3.4', mode: 'error', status: 500 });
      fault({ call: 'LI', mode: 'dropAfterEffect' });
      expect((await failure(gateway.createUser('broker_a', { email: email() }))).kind).toBe('server');
      expect((await failure(gateway.createTrader('broker_a', traderInput()))).kind).toBe('timeout');
      expect((await failure(gateway.linkAccount('broker_a', { traderLogin: login, userId, traderPassword: TRADER_PASSWORD }))).kind).toBe('server');
      const li = sim.mintLightIdentityToken({ brokerCrmName: 'crm_c', email: email() });
      expect(await failure(gateway.redeemLightIdentityToken('broker_c', li))).toMatchObject({ kind: 'network', outcomeUnknown: true });
      expect({ create: count('3.2'), trader: count('3.3'), link: count('3.4'), li: count('LI') }).toEqual({
        create: before.create + 1,
        trader: before.trader + 1,
        link: before.link + 1,
        li: before.li + 1,
      });
      expect(held.fired()).toBe(timedOut + 1); // 3.3
    });

    it('REQUEST_FREQUENCY_EXCEEDED is retried for any call, also 3.5 (CT did nothing)', async () => {
      fault({ call: '3.5', mode: 'rateLimit', times: 2 });
      const before = count('3.5');
      const { balanceHistoryId } = await gateway.changeBalance('broker_a', { login, preciseAmount: '2.50', type: 'DEPOSIT', externalId: 'rl-1' });
      expect(count('3.5')).toBe(before + 3);
      expect((sim.state.balanceHistory(login) ?? []).filter((h) => h.externalId === 'rl-1')).toEqual([expect.objectContaining({ balanceHistoryId })]);
    });

    it('does not send a call that could outlive the caller\u2019s deadline', async () => {
      const before = count('3.5');
      const e = await failure(
        gateway.changeBalance('broker_a', { login, preciseAmount: '1', type: 'DEPOSIT', externalId: 'late' }, { deadline: Date.now() + 100 }),
      );
      expect(e).toMatchObject({ kind: 'deadline', outcomeUnknown: false });
      expect(count('3.5')).toBe(before);
    });
  });

  describe('rate-limit storm', () => {
    it('paces and retries: every call lands exactly once, none is lost', async () => {
      const login = (await gateway.createTrader('broker_a', traderInput())).login;
      const before = count('3.5');
      sim.setRateLimit({ nonGetPerWindow: 8, windowMs: 250 });
      try {
        const ids = Array.from({ length: 60 }, (_, i) => `storm-${i}`);
        const results = await Promise.all(
          ids.map((externalId) => gateway.changeBalance('broker_a', { login, preciseAmount: '1.25', type: 'DEPOSIT', externalId })),
        );
        const history = sim.state.balanceHistory(login) ?? [];
        expect(history.map((h) => h.externalId).sort()).toEqual([...ids].sort());
        expect(new Set(results.map((r) => r.balanceHistoryId)).size).toBe(60);
        expect(history.map((h) => h.balanceHistoryId).sort()).toEqual(results.map((r) => r.balanceHistoryId).sort());
        expect(sim.state.getTrader(login)?.balance).toBe(60 * 125);
        const refused = sim.state
          .calls({ call: '3.5' })
          .slice(before - count('3.5'))
          .filter((c) => c.errorCode === 'REQUEST_FREQUENCY_EXCEEDED');
        expect(refused.length).toBeGreaterThan(0);
      } finally {
        sim.setRateLimit({ nonGetPerWindow: 100000, windowMs: 60000 });
      }
    });
  });

  describe('moneyDigits per account (0, 2 and 8)', () => {
    beforeAll(() => {
      sim.setMoneyDigits('JPY', 0);
      sim.setMoneyDigits('BTC', 8);
    });

    it.each([
      ['JPY', 0, '1500', 1500, '0.5'],
      ['USD', 2, '12.34', 1234, '0.001'],
      ['BTC', 8, '0.00000001', 1, '0.000000001'],
    ])('%s: 3.3 and GET trader carry moneyDigits %i; 3.5 of %s credits %i minor units; %s is refused', async (currency, digits, amount, minor, tooPrecise) => {
      const created = await gateway.createTrader('broker_a', traderInput({ depositCurrency: currency }));
      expect(created.moneyDigits).toBe(digits);
      await gateway.changeBalance('broker_a', { login: created.login, preciseAmount: amount, type: 'DEPOSIT', externalId: `md-${currency}` });
      const read = await gateway.getTrader('broker_a', created.login);
      expect(read).toMatchObject({ moneyDigits: digits, balance: minor, depositCurrency: currency });
      const e = await failure(
        gateway.changeBalance('broker_a', { login: created.login, preciseAmount: tooPrecise, type: 'DEPOSIT', externalId: `md-${currency}-2` }),
      );
      expect(e).toMatchObject({ kind: 'rejected', errorCode: 'CHANGE_BALANCE_BAD_AMOUNT', outcomeUnknown: false });
      expect((await gateway.getTrader('broker_a', created.login)).balance).toBe(minor);
    });
  });

  describe('rate-limit storm with a non-429 answer', () => {
    // Contract §1.1 names REQUEST_FREQUENCY_EXCEEDED, not a status or a body shape: a proxy or a CT build may
    // answer 400/403/503 and word it as `{ error }`, `{ code }`, nested or plain text.
    const answers = [
      { status: 400, shape: 'nested' },
      { status: 403, shape: 'error' },
      { status: 503, shape: 'text' },
      { status: 400, shape: 'code' },
    ] as const;
    it.each(answers)('a rate-limit storm answered with $status ($shape) delays the calls but fails none', async (answer) => {
      // A fresh gateway each time: its pacer has not learnt a slower rate from an earlier storm.
      const fresh = standaloneGateway(config, FAST);
      await fresh.gateway.createUser('broker_a', { email: email() });
      const before = count('3.2');
      const emails = Array.from({ length: 24 }, () => email());
      sim.setRateLimit({ nonGetPerWindow: 6, windowMs: 250 }, answer);
      try {
        const created = await Promise.all(emails.map((e) => fresh.gateway.createUser('broker_a', { email: e })));
        expect(new Set(created.map((c) => c.userId)).size).toBe(emails.length);
        // Each user exists exactly once at CT: no refusal was mistaken for a final error or an unknown outcome.
        const users = sim.state.listUsers().filter((u) => emails.includes(u.email));
        expect(users.map((u) => u.email).sort()).toEqual([...emails].sort());
        const calls = sim.state.calls({ call: '3.2' }).slice(before - count('3.2'));
        const refused = calls.filter((c) => c.errorCode === 'REQUEST_FREQUENCY_EXCEEDED');
        expect(refused.length).toBeGreaterThan(0);
        expect(new Set(refused.map((c) => c.status))).toEqual(new Set([answer.status]));
        expect(calls.filter((c) => c.status !== null && c.status < 300)).toHaveLength(emails.length);
      } finally {
        sim.setRateLimit({ nonGetPerWindow: 100000, windowMs: 60000 }, { status: 429, shape: 'errorCode' });
        await fresh.close();
      }
    });
  });

  describe('observability', () => {
    it('counts and times every request per broker, call and outcome', async () => {
      const text = await g.metrics.registry.metrics();
      expect(text).toMatch(/ctrader_calls_total\{broker="broker_a",call="3.5",outcome="ok"\} \d+/);
      expect(text).toMatch(/ctrader_calls_total\{broker="broker_a",call="3.5",outcome="rate_limited"\} \d+/);
      expect(text).toMatch(/ctrader_calls_total\{broker="broker_a",call="traderRead",outcome="server_error"\} \d+/);
      expect(text).toMatch(/ctrader_call_duration_seconds_count\{broker="broker_a",call="3.1"\} \d+/);
      expect(text).not.toMatch(/token=/);
    });

    it('registers a readiness check per broker: up against the simulator, down for a dead host', async () => {
      const results = await Promise.all(g.readiness.checks().map((check) => Promise.resolve(check())));
      expect(results).toEqual([{ 'ctrader:broker_a': { status: 'up' } }, { 'ctrader:broker_b': { status: 'up' } }, { 'ctrader:broker_c': { status: 'up' } }]);
      const dead = ctraderTestConfig({ timeoutMs: CALL_TIMEOUT_MS });
      for (const b of dead.brokers) b.ctrader.url = 'http://127.0.0.1:9';
      const deadGateway = standaloneGateway(dead, FAST);
      try {
        const [down] = await Promise.all([deadGateway.readiness.checks()[0]()]);
        expect(down).toEqual({ 'ctrader:broker_a': { status: 'down', reason: expect.stringMatching(/^NETWORK_ERROR/) } });
      } finally {
        await deadGateway.close();
      }
    });
  });
});
