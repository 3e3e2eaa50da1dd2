import { TIMEOUT_FAULT_HOLD_MS } from '../../src/simulator';
import { BROKER_B, SimHarness, startSimulator } from './simulator-test-kit';

const CLOSE_TEST_TIMEOUT_MS = 30_000;

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2025-01-01T00:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('cTrader simulator: rate limiter', () => {
  let h: SimHarness;
  const clock = manualClock();

  beforeEach(async () => {
    h = await startSimulator({ rateLimit: { nonGetPerWindow: 3, windowMs: 60000 }, now: clock.now });
    // Fetching the tokens is itself a non-GET call: do it, then start the test in a fresh window.
    await h.managerToken();
    await h.managerToken(BROKER_B);
    clock.advance(60000);
  });

  afterEach(async () => {
    await h.close();
  });

  const create = (email: string, token?: string) => h.request('POST', '/cid/oauth2/ctid/create', { token, body: { brokerCrmName: 'crm_a', email } });

  it('answers 429 REQUEST_FREQUENCY_EXCEEDED above the limit, with no effect; GET is never limited', async () => {
    for (let i = 0; i < 3; i += 1) expect((await create(`u${i}@example.com`)).status).toBe(201);
    const limited = await create('u3@example.com');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ errorCode: 'REQUEST_FREQUENCY_EXCEEDED', description: expect.any(String) });
    expect(h.sim.state.listUsers()).toHaveLength(3);
    for (let i = 0; i < 5; i += 1) {
      const read = await h.request('GET', '/cid/oauth2/ctid/userId', { query: { brokerCrmName: 'crm_a', email: 'u0@example.com' } });
      expect(read.status).toBe(200);
    }
    // Another manager has its own window.
    const other = await h.request('POST', '/cid/oauth2/ctid/create', {
      token: await h.managerToken(BROKER_B),
      body: { brokerCrmName: 'crm_b', email: 'b@example.com' },
    });
    expect(other.status).toBe(201);
    clock.advance(60000);
    expect((await create('u3@example.com')).status).toBe(201);
  });

  it('can be reconfigured at runtime over HTTP', async () => {
    const put = await h.request('PUT', '/__sim/rate-limit', { token: null, body: { nonGetPerWindow: 1, windowMs: 1000 } });
    expect(put.status).toBe(200);
    expect((await create('a@example.com')).status).toBe(201);
    expect((await create('b@example.com')).status).toBe(429);
  });
});

describe('cTrader simulator: fault injection', () => {
  let h: SimHarness;

  beforeEach(async () => {
    h = await startSimulator();
    await h.managerToken();
  });

  afterEach(async () => {
    await h.close();
  });

  const create = (email: string, signal?: AbortSignal) => h.request('POST', '/cid/oauth2/ctid/create', { body: { brokerCrmName: 'crm_a', email }, signal });

  it("'error' answers 503 without effect, once by default", async () => {
    h.sim.faults.add({ call: '3.2', mode: 'error' });
    const failed = await create('e@example.com');
    expect(failed.status).toBe(503);
    expect(failed.body.errorCode).toBe('INTERNAL_SERVER_ERROR');
    expect(h.sim.state.listUsers()).toHaveLength(0);
    expect((await create('e@example.com')).status).toBe(201);
    expect(h.sim.state.calls({ call: '3.2' }).map((c) => [c.status, c.fault])).toEqual([
      [503, 'error'],
      [201, undefined],
    ]);
  });

  it("'error' honours status, times and only hits its call", async () => {
    h.sim.faults.add({ call: '3.2', mode: 'error', status: 500, times: 2 });
    expect((await create('a@example.com')).status).toBe(500);
    expect((await h.request('GET', '/v2/webserv/traders/3000001')).status).toBe(404);
    expect((await create('a@example.com')).status).toBe(500);
    expect((await create('a@example.com')).status).toBe(201);
  });

  it("'rateLimit' answers 429 REQUEST_FREQUENCY_EXCEEDED without effect", async () => {
    h.sim.faults.add({ call: '3.2', mode: 'rateLimit', times: 0 });
    for (let i = 0; i < 3; i += 1) {
      const res = await create('r@example.com');
      expect(res.status).toBe(429);
      expect(res.body.errorCode).toBe('REQUEST_FREQUENCY_EXCEEDED');
    }
    expect(h.sim.state.listUsers()).toHaveLength(0);
    h.sim.faults.clear();
    expect((await create('r@example.com')).status).toBe(201);
  });

  it("'latency' delays, then the call proceeds", async () => {
    h.sim.faults.add({ call: '3.2', mode: 'latency', latencyMs: 300 });
    const started = Date.now();
    const res = await create('slow@example.com');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(res.status).toBe(201);
  });

  it("'timeout' never answers: the client's AbortSignal fires and nothing happened", async () => {
    h.sim.faults.add({ call: '3.2', mode: 'timeout' });
    await expect(create('t@example.com', AbortSignal.timeout(300))).rejects.toThrow(/aborted|timeout/i);
    expect(h.sim.state.listUsers()).toHaveLength(0);
    expect(h.sim.state.calls({ call: '3.2' })[0]).toMatchObject({ status: null, fault: 'timeout' });
    // The client's abort closes the held socket.
    await waitFor(() => h.sim.faults.heldSocketCount() === 0);
  });

  // No stopwatch: the held socket would stay open for TIMEOUT_FAULT_HOLD_MS (120 s) and the latency lasts a day, both
  // far beyond this test's own timeout, so a close() that waited for either fails the test on any machine.
  it(
    "close() does not hang on sockets held by 'timeout' or requests in injected latency",
    async () => {
      expect(TIMEOUT_FAULT_HOLD_MS).toBeGreaterThan(CLOSE_TEST_TIMEOUT_MS);
      h.sim.faults.add({ call: '3.2', mode: 'timeout' });
      h.sim.faults.add({ call: '3.11', mode: 'latency', latencyMs: 24 * 3600 * 1000 });
      const held = create('held@example.com').then(
        () => 'answered',
        () => 'failed',
      );
      const slow = h.request('GET', '/cid/oauth2/ctid/userId', { query: { brokerCrmName: 'crm_a', email: 'x@example.com' } }).then(
        (res) => res.status,
        () => 'failed',
      );
      await waitFor(() => h.sim.state.countCalls('3.2') === 1 && h.sim.state.countCalls('3.11') === 1);
      expect(h.sim.faults.heldSocketCount()).toBe(1);
      expect(h.sim.state.unsettledCalls('3.11')).toBe(1);
      await h.close();
      // The held socket was closed on the caller; the sleeping request was woken and ran to its answer.
      expect(await held).toBe('failed');
      expect(h.sim.faults.heldSocketCount()).toBe(0);
      expect(await slow).toBe(200);
      expect(h.sim.state.unsettledCalls('3.11')).toBe(0);
      expect(h.sim.state.calls({ call: '3.11' }).map((c) => [c.status, c.fault])).toEqual([[200, undefined]]);
    },
    CLOSE_TEST_TIMEOUT_MS,
  );

  it("'dropAfterEffect' applies the effect, then the client sees a socket error", async () => {
    const { login } = await h.createTrader({ balance: 0 });
    h.sim.faults.add({ call: '3.5', mode: 'dropAfterEffect' });
    const error = await h.changeBalance(login, { preciseAmount: 25, type: 'DEPOSIT', externalId: 'dep-1' }).then(
      () => null,
      (e: unknown) => e as Error & { cause?: { code?: string } },
    );
    // undici's TypeError comes from another realm than Jest's, so compare by name.
    expect(error?.name).toBe('TypeError');
    expect(error?.message).toBe('fetch failed');
    expect(error?.cause?.code).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
    // The deposit happened; the broker can only see it in the trader's balance (GET trader), not in a documented history read.
    expect(h.sim.state.getTrader(login)?.balance).toBe(2500);
    expect((await h.request('GET', `/v2/webserv/traders/${login}`)).body.balance).toBe(2500);
    expect(h.sim.state.balanceHistory(login)).toEqual([expect.objectContaining({ externalId: 'dep-1', delta: '25.00' })]);
    expect(h.sim.state.calls({ call: '3.5' })[0]).toMatchObject({ status: null, fault: 'dropAfterEffect' });
  });

  it('probability uses the random source and a miss does not use up the rule', async () => {
    await h.close();
    const rolls = [0.9, 0.1];
    h = await startSimulator({ random: () => rolls.shift() ?? 0.9 });
    h.sim.faults.add({ call: '3.2', mode: 'error', probability: 0.5 });
    expect((await create('p1@example.com')).status).toBe(201);
    expect((await create('p2@example.com')).status).toBe(503);
    expect(h.sim.faults.list()).toEqual([]);
  });

  it("'*' targets every call, and latency combines with a terminal fault", async () => {
    h.sim.faults.add({ call: '*', mode: 'latency', latencyMs: 150, times: 0 });
    h.sim.faults.add({ call: '*', mode: 'error', status: 502 });
    const started = Date.now();
    expect((await h.request('GET', '/v2/webserv/traders/1')).status).toBe(502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await h.request('GET', '/v2/webserv/traders/1')).status).toBe(404);
  });

  it('is driven over HTTP: POST/GET/DELETE /__sim/faults', async () => {
    const added = await h.request('POST', '/__sim/faults', { token: null, body: { call: '3.2', mode: 'error', status: 504, times: 0 } });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(Number) });
    const many = await h.request('POST', '/__sim/faults', {
      token: null,
      body: [
        { call: '3.5', mode: 'dropAfterEffect' },
        { call: 'LI', mode: 'rateLimit' },
      ],
    });
    expect(many.body.ids).toHaveLength(2);
    const listed = await h.request('GET', '/__sim/faults', { token: null });
    expect(listed.body.faults.map((f: { call: string }) => f.call)).toEqual(['3.2', '3.5', 'LI']);
    expect((await create('h@example.com')).status).toBe(504);
    expect((await h.request('DELETE', '/__sim/faults', { token: null })).status).toBe(204);
    expect((await create('h@example.com')).status).toBe(201);
    for (const bad of [
      { call: '9.9', mode: 'error' },
      { call: '3.2', mode: 'explode' },
      { call: '3.2', mode: 'error', probability: 2 },
    ]) {
      const res = await h.request('POST', '/__sim/faults', { token: null, body: bad });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('INVALID_REQUEST');
    }
    expect(() => h.sim.faults.add({ call: '3.2', mode: 'error', times: -1 })).toThrow(/times/);
  });

  it('reset clears fault rules', async () => {
    h.sim.faults.add({ call: '3.2', mode: 'error', times: 0 });
    h.sim.reset();
    expect((await create('z@example.com')).status).toBe(201);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
