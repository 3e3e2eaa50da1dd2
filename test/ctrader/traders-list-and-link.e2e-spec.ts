import { Logger } from '@nestjs/common';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { CtraderError, isTraderAlreadyLinked, TRADER_ALREADY_LINKED } from '../../src/kernel/ctrader-gateway/ctrader.error';
import { CtraderSimulator } from '../../src/simulator';
import { ctraderTestConfig, StandaloneGateway, standaloneGateway, startSimulatorFor } from '../support/simulator-harness';
import { recordingLogger } from '../support/recording-logger';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

/** The gateway's traders list (documented bounds, hasMore followed) and 3.4's typed "already linked", over HTTP. */
describe('CtraderGateway: traders list and 3.4 already linked (simulator)', () => {
  let sim: CtraderSimulator;
  let g: StandaloneGateway;
  let gateway: CtraderGateway;
  let seq = 0;

  beforeAll(async () => {
    Logger.overrideLogger(recordingLogger);
    const config = ctraderTestConfig();
    sim = await startSimulatorFor(config);
    g = standaloneGateway(config, { backoff: { baseMs: 5, maxMs: 10 } });
    gateway = g.gateway;
  });
  afterAll(async () => {
    await g?.close();
    await sim?.close();
  });

  /** A broker_a trader in its own millisecond (waits for the clock to move past the previous registration). */
  let last = -1;
  async function trader(password = 'trader-password') {
    while (Date.now() <= last) await new Promise((r) => setImmediate(r));
    const t = await gateway.createTrader('broker_a', {
      accessRights: 'FULL_ACCESS',
      accountType: 'HEDGED',
      balance: 0,
      depositCurrency: 'USD',
      groupName: 'Default',
      traderPassword: password,
      leverageInCents: 10000,
      totalMarginCalculationType: 'MAX',
      contactDetails: { email: `t${++seq}@example.com` },
    });
    last = t.registrationTimestamp!;
    return t;
  }

  it('reads every page of [from, to) with yyyy-MM-ddTHH:mm:ss.SSS bounds; `to` itself is outside', async () => {
    sim.listing.tradersPageSize = 2;
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await trader());
    const before = sim.state.countCalls('tradersList');
    const from = made[0].registrationTimestamp!;
    const to = made[6].registrationTimestamp!;
    const listed = await gateway.listTraders('broker_a', { from, to });
    expect(listed.map((t) => t.login)).toEqual(made.slice(0, 6).map((t) => t.login));
    const calls = sim.state
      .calls()
      .filter((c) => c.call === 'tradersList')
      .slice(before);
    expect(calls.length).toBeGreaterThan(1);
    for (const c of calls) {
      const q = new URL(`http://x${c.path}`).searchParams;
      expect([q.get('from'), q.get('to')]).toEqual([expect.stringMatching(INSTANT), expect.stringMatching(INSTANT)]);
    }
    // A cap too small for the pages needed is a clear error, not a partial list.
    await expect(gateway.listTraders('broker_a', { from, to, maxRequests: 2 })).rejects.toMatchObject({
      kind: 'invalidResponse',
      errorCode: 'TRADERS_LIST_REQUEST_CAP',
      callId: 'tradersList',
    });
    sim.listing.tradersPageSize = 100;
  });

  it('3.4 on a linked trader is the typed TRADER_ALREADY_LINKED, for the same user and for another', async () => {
    const t = await trader('link-password');
    const { userId } = await gateway.createUser('broker_a', { email: `u${++seq}@example.com` });
    const { userId: other } = await gateway.createUser('broker_a', { email: `u${++seq}@example.com` });
    await gateway.linkAccount('broker_a', { traderLogin: t.login, userId, traderPassword: 'link-password' });
    for (const who of [userId, other]) {
      const e = await gateway.linkAccount('broker_a', { traderLogin: t.login, userId: who, traderPassword: 'link-password' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CtraderError);
      expect(e).toMatchObject({ kind: 'rejected', errorCode: TRADER_ALREADY_LINKED, outcomeUnknown: false });
      expect(isTraderAlreadyLinked(e)).toBe(true);
    }
    expect(sim.state.listAccounts().filter((a) => a.traderLogin === t.login)).toEqual([expect.objectContaining({ userId })]);
  });

  it('another spelling of "already linked" from cTrader is typed the same (the saga verifies before adopting)', async () => {
    const t = await trader('spelling-password');
    const { userId } = await gateway.createUser('broker_a', { email: `u${++seq}@example.com` });
    sim.faults.add({ call: '3.4', mode: 'error', status: 400, errorCode: 'CTID_TRADER_ACCOUNT_ALREADY_LINKED', times: 1 });
    const e = await gateway.linkAccount('broker_a', { traderLogin: t.login, userId, traderPassword: 'spelling-password' }).catch((x: unknown) => x);
    expect(isTraderAlreadyLinked(e)).toBe(true);
    // Other rejections keep their own code.
    const wrong = await gateway.linkAccount('broker_a', { traderLogin: t.login, userId, traderPassword: 'wrong' }).catch((x: unknown) => x);
    expect(wrong).toMatchObject({ errorCode: 'INVALID_TRADER_PASSWORD' });
    expect(isTraderAlreadyLinked(wrong)).toBe(false);
  });
});
