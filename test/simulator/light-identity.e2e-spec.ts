import { BROKER_B, SimHarness, startSimulator } from './simulator-test-kit';

describe('cTrader simulator: Light identity tokens (LI)', () => {
  let h: SimHarness;
  let now = Date.parse('2025-01-01T00:00:00Z');

  beforeEach(async () => {
    h = await startSimulator({ now: () => now });
  });

  afterEach(async () => {
    await h.close();
  });

  const redeem = (token: unknown, webservToken?: string) => h.request('POST', '/cid/ctid2/inAppToken/redeem', { token: webservToken, body: { token } });

  it('mints for a user the broker never saw (creating it) and redeems once', async () => {
    const token = h.sim.mintLightIdentityToken({ brokerCrmName: 'crm_a', userId: 4242, email: 'li@example.com', tradingLogin: 3000009 });
    expect(h.sim.state.getUser(4242)).toMatchObject({ email: 'li@example.com', brokerCrmName: 'crm_a' });
    const first = await redeem(token);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ userId: 4242, email: 'li@example.com', tradingLogin: 3000009 });
    const second = await redeem(token);
    expect(second.status).toBe(403);
    expect(second.body.errorCode).toBe('TOKEN_ALREADY_USED');
    // The call log never keeps the token itself.
    expect(JSON.stringify(h.sim.state.calls({ call: 'LI' }))).not.toContain(token);
  });

  it('expires after ttlMs (default 60 s) on the injected clock', async () => {
    const token = h.sim.mintLightIdentityToken({ brokerCrmName: 'crm_a', email: 'exp@example.com' });
    const short = h.sim.mintLightIdentityToken({ brokerCrmName: 'crm_a', email: 'short@example.com', ttlMs: 1000 });
    now += 1000;
    expect((await redeem(short)).body.errorCode).toBe('TOKEN_EXPIRED');
    now += 58999;
    expect((await redeem(token)).status).toBe(200);
    const late = h.sim.mintLightIdentityToken({ brokerCrmName: 'crm_a', email: 'late@example.com' });
    now += 60000;
    const expired = await redeem(late);
    expect(expired.status).toBe(403);
    expect(expired.body.errorCode).toBe('TOKEN_EXPIRED');
  });

  it('answers 404 TOKEN_NOT_FOUND for unknown, malformed or another CRM’s tokens', async () => {
    for (const bad of ['A'.repeat(43), 'short', '../../etc/passwd']) {
      const res = await redeem(bad);
      expect(res.status).toBe(404);
      expect(res.body.errorCode).toBe('TOKEN_NOT_FOUND');
    }
    const token = h.sim.mintLightIdentityToken({ brokerCrmName: 'crm_a', email: 'x@example.com' });
    expect((await redeem(token, await h.managerToken(BROKER_B))).body.errorCode).toBe('TOKEN_NOT_FOUND');
    expect((await redeem(token)).status).toBe(200);
    const missing = await redeem(undefined);
    expect(missing.status).toBe(400);
    expect(missing.body.description).toContain('token');
    expect((await h.request('POST', '/cid/ctid2/inAppToken/redeem', { token: null, body: { token } })).status).toBe(401);
  });

  it('mints over HTTP via POST /__sim/li-tokens, reusing a known user', async () => {
    const userId = await h.createUser('known@example.com');
    const res = await h.request('POST', '/__sim/li-tokens', { token: null, body: { brokerCrmName: 'crm_a', userId, tradingLogin: 3000001 } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ token: expect.any(String), userId, expiresAt: now + 60000 });
    expect((await redeem(res.body.token)).body).toEqual({ userId, email: 'known@example.com', tradingLogin: 3000001 });
    const fresh = await h.request('POST', '/__sim/li-tokens', { token: null, body: { brokerCrmName: 'crm_a', email: 'new@example.com' } });
    expect(fresh.body.userId).toBe(userId + 1);
    const noEmail = await h.request('POST', '/__sim/li-tokens', { token: null, body: { brokerCrmName: 'crm_a', userId: 777 } });
    expect(noEmail.status).toBe(400);
    const badCrm = await h.request('POST', '/__sim/li-tokens', { token: null, body: { brokerCrmName: 'nope', email: 'a@example.com' } });
    expect(badCrm.body.errorCode).toBe('INVALID_BROKER_CRM_NAME');
  });
});
