import { BROKER_B, SimHarness, startSimulator } from './simulator-test-kit';

/**
 * GET /v2/webserv/traders as the docs give it (Operations_With_Accounts, "Read Multiple Traders' Details"):
 * `yyyy-MM-ddTHH:mm:ss.SSS` UTC bounds only, the window `from <= registration < to`, pages flagged `hasMore`.
 */
describe('cTrader simulator: traders list', () => {
  let h: SimHarness;
  let clock = Date.UTC(2026, 11, 2, 10, 0, 0, 0);
  const at = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '');
  const list = (query: Record<string, string | number | undefined>) => h.request('GET', '/v2/webserv/traders', { query });
  const logins = (body: { trader: Array<{ login: number }> }) => body.trader.map((t) => t.login);

  beforeEach(async () => {
    h = await startSimulator({ now: () => clock, tradersPageSize: 2 });
  });
  afterEach(() => h.close());

  /** A trader registered at `ms` exactly (the simulator stamps registrationTimestamp with its clock). */
  async function traderAt(ms: number): Promise<number> {
    clock = ms;
    return (await h.createTrader()).login;
  }

  it.each([
    ['epoch milliseconds', String(Date.UTC(2026, 0, 1))],
    ['a zone suffix', '2026-01-01T00:00:00.000Z'],
    ['no milliseconds', '2026-01-01T00:00:00'],
    ['a date only', '2026-01-01'],
    ['a space for T', '2026-01-01 00:00:00.000'],
    ['an offset', '2026-01-01T00:00:00.000+02:00'],
    ['an impossible date', '2026-02-30T00:00:00.000'],
  ])('refuses %s as a bound (400 INVALID_REQUEST naming it)', async (_what, value) => {
    const asFrom = await list({ from: value, to: '2026-01-02T00:00:00.000' });
    expect(asFrom.status).toBe(400);
    expect(asFrom.body).toMatchObject({ errorCode: 'INVALID_REQUEST', description: expect.stringContaining("'from'") });
    const asTo = await list({ from: '2025-12-31T00:00:00.000', to: value });
    expect(asTo.status).toBe(400);
    expect(asTo.body).toMatchObject({ errorCode: 'INVALID_REQUEST', description: expect.stringContaining("'to'") });
  });

  it('requires both bounds, and from not after to', async () => {
    expect((await list({ to: '2026-01-02T00:00:00.000' })).status).toBe(400);
    expect((await list({ from: '2026-01-02T00:00:00.000' })).status).toBe(400);
    expect((await list({ from: '2026-01-02T00:00:00.000', to: '2026-01-01T00:00:00.000' })).status).toBe(400);
  });

  it('selects from <= registration < to, to the millisecond', async () => {
    const t0 = Date.UTC(2026, 11, 2, 9, 0, 0, 0);
    const before = await traderAt(t0 - 1);
    const onFrom = await traderAt(t0);
    const onTo = await traderAt(t0 + 1000);
    const ok = await list({ from: at(t0), to: at(t0 + 1000) });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ trader: [expect.objectContaining({ login: onFrom, registrationTimestamp: t0 })], hasMore: false });
    expect(logins((await list({ from: at(t0 - 1), to: at(t0 + 1001) })).body)).toEqual([before, onFrom]);
    expect(logins((await list({ from: at(t0), to: at(t0) })).body)).toEqual([]);
    expect(logins((await list({ from: at(t0 + 1000), to: at(t0 + 1001) })).body)).toEqual([onTo]);
  });

  it('pages: the earliest registrations first, hasMore while the window holds more than a page', async () => {
    const t0 = Date.UTC(2026, 11, 2, 8, 0, 0, 0);
    const all = [];
    for (let i = 0; i < 5; i++) all.push(await traderAt(t0 + i * 10));
    const first = await list({ from: at(t0), to: at(t0 + 50) });
    expect(first.body.hasMore).toBe(true);
    expect(logins(first.body)).toEqual(all.slice(0, 2));
    // The docs give no page parameter: a narrower window is how the rest is read.
    const rest = await list({ from: at(t0 + 20), to: at(t0 + 50) });
    expect(rest.body.hasMore).toBe(true);
    expect(logins(rest.body)).toEqual(all.slice(2, 4));
    const last = await list({ from: at(t0 + 40), to: at(t0 + 50) });
    expect(last.body).toMatchObject({ hasMore: false });
    expect(logins(last.body)).toEqual([all[4]]);
    // Exactly a page is not "more".
    expect((await list({ from: at(t0), to: at(t0 + 20) })).body.hasMore).toBe(false);
    h.sim.listing.tradersPageSize = 10;
    expect((await list({ from: at(t0), to: at(t0 + 50) })).body).toMatchObject({ hasMore: false, trader: expect.any(Array) });
  });

  it('lists only the traders of the brokerNames the manager serves', async () => {
    const t0 = Date.UTC(2026, 11, 2, 7, 0, 0, 0);
    const mine = await traderAt(t0);
    clock = t0 + 1;
    await h.createTrader({}, BROKER_B);
    expect(logins((await list({ from: at(t0), to: at(t0 + 10) })).body)).toEqual([mine]);
  });
});
