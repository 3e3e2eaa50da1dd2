import { DataSource } from 'typeorm';
import { Clock } from '../../src/kernel/clock/clock';
import { CtraderAppClient } from '../../src/simulator';
import { loginToken, seedUser } from '../support/seed';
import { http, startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD, testConfig } from '../support/test-config';
import { expectErrorBody } from '../support/error-body';

describe('the 4.x API cTrader calls (contract §1.4, conformance 6.1)', () => {
  let t: TestApp;
  // Bodies are read loosely here: the assertions themselves check their shape.
  let ct: Record<'authenticate' | 'exchange' | 'validate' | 'generate' | 'logout', (...args: any[]) => Promise<{ status: number; body: any }>>;
  const issued: string[] = [];
  const keep = <T extends string | undefined>(v: T) => (v && issued.push(v), v);

  beforeAll(async () => {
    t = await startTestApp(testConfig());
    ct = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
  });
  afterAll(() => t.close());

  const post = (path: string, json: unknown) => http(`${t.baseUrl}${path}`, { method: 'POST', json });

  it('6.1.1 4.1 issues a new crmApiToken per call for the right password; 403 without a token for a wrong one', async () => {
    const a = await post('/oauth2/crmApiToken?brokerName=broker_a&brokerCrmName=crm_shared', { password: TEST_CRM_PASSWORD });
    const b = await post('/oauth2/crmApiToken?brokerName=broker_a&brokerCrmName=crm_shared', { password: TEST_CRM_PASSWORD });
    expect(a.status).toBe(200);
    expect(Object.keys(a.body)).toEqual(['crmApiToken']);
    expect(a.body.crmApiToken).not.toBe(b.body.crmApiToken);
    keep(a.body.crmApiToken);
    keep(b.body.crmApiToken);
    const wrong = await post('/oauth2/crmApiToken?brokerName=broker_a&brokerCrmName=crm_shared', { password: 'nope' });
    expect(wrong.status).toBe(403);
    expectErrorBody(wrong.body, 403, 'CH_CLIENT_AUTH_FAILURE');
    const missing = await post('/oauth2/crmApiToken?brokerName=broker_a', {});
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('MISSING_REQUIRED_PARAMETER');
    // Earlier tokens stay valid (cTrader may run several instances).
    const user = await seedUser(t.app, 'broker_a');
    for (const token of [a.body.crmApiToken, b.body.crmApiToken]) {
      const r = await post(`/oauth2/onetime/generate?brokerName=broker_a&crmApiToken=${token}`, { userId: user.ctidUserId });
      expect(r.status).toBe(200);
    }
  });

  it('6.1.2 4.2 exchanges a valid OT token; refuses an invalid one and a bad crmApiToken without userId/accessToken', async () => {
    const user = await seedUser(t.app, 'broker_a');
    const code = keep(await loginToken(t.app, 'broker_a', user.id, true));
    const ok = await ct.exchange(code);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ userId: user.ctidUserId, accessToken: expect.stringMatching(/^[\w-]{43}$/), inappToken: expect.any(String) });
    keep(ok.body.accessToken);
    keep(ok.body.inappToken);

    const unknown = await ct.exchange('A'.repeat(43));
    expect(unknown.status).toBe(404);
    expectErrorBody(unknown.body, 404, 'TOKEN_NOT_FOUND');
    const malformed = await ct.exchange('short');
    expect(malformed.status).toBe(417);
    expect(malformed.body.code).toBe('CID_NON_EXISTED_TOKEN');

    const code2 = keep(await loginToken(t.app, 'broker_a', user.id));
    const badAuth = await post('/oauth2/onetime/authorize?brokerName=broker_a&crmApiToken=nope', { code: code2 });
    expect(badAuth.status).toBe(403);
    expect(badAuth.body.code).toBe('CH_CLIENT_AUTH_FAILURE');
    expect(badAuth.body.userId).toBeUndefined();
    expect(badAuth.body.accessToken).toBeUndefined();
    // The older name of the parameter works too.
    const legacy = await post(`/oauth2/onetime/authorize?brokerName=broker_a&token=${await crmToken()}`, { code: code2 });
    expect(legacy.status).toBe(200);
  });

  it('checks in the contract order: broker ids → crmApiToken → body → token', async () => {
    const noIds = await post('/oauth2/onetime/authorize?crmApiToken=x', { code: 'bad' });
    expect(noIds.body.code).toBe('BROKER_ID_MISSING');
    const badTokenAndBody = await post('/oauth2/onetime/authorize?brokerName=broker_a&crmApiToken=x', { nonsense: 1 });
    expect(badTokenAndBody.body.code).toBe('CH_CLIENT_AUTH_FAILURE');
    const missingCode = await post(`/oauth2/onetime/authorize?brokerName=broker_a&crmApiToken=${await crmToken()}`, {});
    expect(missingCode.body.code).toBe('MISSING_REQUIRED_PARAMETER');
    const noBody = await http(`${t.baseUrl}/oauth2/onetime/authorize?brokerName=broker_a&crmApiToken=${await crmToken()}`, { method: 'POST' });
    expect(noBody.body.code).toBe('MISSING_REQUIRED_PARAMETER');
    const wrongType = await post(`/oauth2/onetime/authorize?brokerName=broker_a&crmApiToken=${await crmToken()}`, { code: 42 });
    expect(wrongType.body.code).toBe('INVALID_REQUEST');
    // An unknown field is ignored (contract §1.4), so this well-formed but unknown code reaches the token check.
    const unknownField = await post(`/oauth2/onetime/authorize?brokerName=broker_a&crmApiToken=${await crmToken()}`, { code: 'A'.repeat(43), extra: 1 });
    expect(unknownField.body.code).toBe('TOKEN_NOT_FOUND');
  });

  it('4.1–4.5 ignore unknown body fields: cTrader may add one, and refusing it would stop every login (contract §1.4)', async () => {
    const extra = { addedByCtrader: 'x', nested: { a: 1 }, constructor: 'y' };
    const auth = await post('/oauth2/crmApiToken?brokerName=broker_a&brokerCrmName=crm_shared', { password: TEST_CRM_PASSWORD, ...extra });
    expect(auth.status).toBe(200);
    const token = keep(auth.body.crmApiToken as string);
    const user = await seedUser(t.app, 'broker_a');
    const code = keep(await loginToken(t.app, 'broker_a', user.id, true));
    const ex = await post(`/oauth2/onetime/authorize?brokerName=broker_a&crmApiToken=${token}`, { code, ...extra });
    expect(ex.status).toBe(200);
    expect(ex.body.userId).toBe(user.ctidUserId);
    keep(ex.body.accessToken);
    keep(ex.body.inappToken);
    const v = await post(`/oauth2/authorize?brokerName=broker_a&crmApiToken=${token}`, { accessToken: ex.body.accessToken, ...extra });
    expect(v.status).toBe(200);
    expect(v.body).toEqual({ userId: user.ctidUserId, inappToken: ex.body.inappToken });
    const g = await post(`/oauth2/onetime/generate?brokerName=broker_a&crmApiToken=${token}&inappToken=${ex.body.inappToken}`, {
      userId: user.ctidUserId,
      ...extra,
    });
    expect(g.status).toBe(200);
    expect(Object.keys(g.body)).toEqual(['token']);
    keep(g.body.token);
    const out = await post(`/oauth2/logout?brokerName=broker_a&crmApiToken=${token}&userId=${user.ctidUserId}&accessToken=${ex.body.accessToken}`, extra);
    expect(out.status).toBe(200);
    // A known field of the wrong type is still refused: only unknown fields are ignored.
    const wrongType = await post(`/oauth2/authorize?brokerName=broker_a&crmApiToken=${token}`, { accessToken: 5, ...extra });
    expect(wrongType.body.code).toBe('INVALID_REQUEST');
  });

  it('a crmApiToken of one CRM does not authenticate another CRM', async () => {
    const otherCrm = await post('/oauth2/crmApiToken?brokerName=broker_c', { password: TEST_CRM_PASSWORD });
    expect(otherCrm.status).toBe(404); // broker_c has no fullSso
    expect(otherCrm.body.code).toBe('MODULE_DISABLED');
    const token = await crmToken();
    const r = await post(`/oauth2/authorize?brokerName=broker_b&crmApiToken=${token}`, { accessToken: 'A'.repeat(43) });
    expect(r.status).toBe(404); // broker_b shares crm_shared: the token is valid, the access token is not
  });

  it('accessToken only with Keep me logged in; inappToken always (broker default)', async () => {
    const user = await seedUser(t.app, 'broker_a');
    const r = await ct.exchange(keep(await loginToken(t.app, 'broker_a', user.id, false)));
    expect(r.status).toBe(200);
    expect(r.body.accessToken).toBeUndefined();
    expect(r.body.inappToken).toEqual(expect.any(String));
    keep(r.body.inappToken);
  });

  it('6.1.3 4.3 validates an access token again and again; invalid → error without userId; bad crmApiToken → 403', async () => {
    const user = await seedUser(t.app, 'broker_a');
    const ex = await ct.exchange(keep(await loginToken(t.app, 'broker_a', user.id)));
    keep(ex.body.accessToken);
    for (let i = 0; i < 3; i++) {
      const v = await ct.validate(ex.body.accessToken);
      expect(v.status).toBe(200);
      expect(v.body).toEqual({ userId: user.ctidUserId, inappToken: ex.body.inappToken });
    }
    const invalid = await ct.validate('B'.repeat(43));
    expect(invalid.status).toBe(404);
    expect(invalid.body.userId).toBeUndefined();
    const bad = await post('/oauth2/authorize?brokerName=broker_a&crmApiToken=zzz', { accessToken: ex.body.accessToken });
    expect(bad.status).toBe(403);
    expect(bad.body.userId).toBeUndefined();
    expect(bad.body.inappToken).toBeUndefined();
    // Another broker's token is a mismatch, never a login.
    const other = await post(`/oauth2/authorize?brokerName=broker_b&crmApiToken=${await crmToken()}`, { accessToken: ex.body.accessToken });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('BROKER_ID_MISMATCH');
  });

  it('6.1.4 4.4 returns a fresh token; unknown userId → 404; bad crmApiToken → 403; inappToken checked', async () => {
    const user = await seedUser(t.app, 'broker_a');
    const ex = await ct.exchange(keep(await loginToken(t.app, 'broker_a', user.id)));
    const a = await ct.generate(user.ctidUserId!, ex.body.inappToken);
    const b = await ct.generate(user.ctidUserId!, ex.body.inappToken);
    expect(a.status).toBe(200);
    expect(Object.keys(a.body)).toEqual(['token']);
    expect(a.body.token).not.toBe(b.body.token);
    keep(a.body.token);
    const asString = await post(`/oauth2/onetime/generate?brokerName=broker_a&crmApiToken=${await crmToken()}&inappToken=${ex.body.inappToken}`, {
      userId: String(user.ctidUserId),
    });
    expect(asString.status).toBe(200);
    const unknown = await ct.generate(99_999_999, ex.body.inappToken);
    expect(unknown.status).toBe(404);
    expectErrorBody(unknown.body, 404, 'USER_NOT_FOUND');
    const bad = await post('/oauth2/onetime/generate?brokerName=broker_a&crmApiToken=zzz', { userId: user.ctidUserId });
    expect(bad.status).toBe(403);
    expect(bad.body.token).toBeUndefined();
    const noInapp = await ct.generate(user.ctidUserId!);
    expect(noInapp.status).toBe(403);
    expect(noInapp.body.code).toBe('INAPP_TOKEN_INVALID');
    const wrongInapp = await ct.generate(user.ctidUserId!, 'C'.repeat(43));
    expect(wrongInapp.body.code).toBe('INAPP_TOKEN_INVALID');
  });

  it('6.1.5/6.1.6 OT tokens differ per login and per user, and each is valid', async () => {
    const u1 = await seedUser(t.app, 'broker_a');
    const u2 = await seedUser(t.app, 'broker_a');
    const tokens = [await loginToken(t.app, 'broker_a', u1.id), await loginToken(t.app, 'broker_a', u1.id), await loginToken(t.app, 'broker_a', u2.id)];
    tokens.forEach(keep);
    expect(new Set(tokens).size).toBe(3);
    const ids = [];
    for (const code of tokens) {
      const r = await ct.exchange(code);
      expect(r.status).toBe(200);
      keep(r.body.accessToken);
      ids.push(r.body.userId);
    }
    expect(ids).toEqual([u1.ctidUserId, u1.ctidUserId, u2.ctidUserId]);
  });

  it('6.1.7 an OT token kept for more than a minute is expired (410); an expired access token too', async () => {
    const user = await seedUser(t.app, 'broker_a');
    const code = keep(await loginToken(t.app, 'broker_a', user.id));
    const ex = await ct.exchange(keep(await loginToken(t.app, 'broker_a', user.id)));
    t.app.get(Clock).advance(61_000);
    const late = await ct.exchange(code);
    expect(late.status).toBe(410);
    expectErrorBody(late.body, 410, 'CID_TOKEN_EXPIRED');
    t.app.get(Clock).advance(91 * 24 * 3600 * 1000);
    const old = await ct.validate(ex.body.accessToken);
    expect(old.status).toBe(410);
    t.app.get(Clock).advance(-(91 * 24 * 3600 * 1000 + 61_000));
  });

  it('a replayed OT token answers 404, revokes the access token it produced and writes a security event', async () => {
    const user = await seedUser(t.app, 'broker_a');
    const code = keep(await loginToken(t.app, 'broker_a', user.id));
    const first = await ct.exchange(code);
    keep(first.body.accessToken);
    expect((await ct.validate(first.body.accessToken)).status).toBe(200);
    const replay = await ct.exchange(code);
    expect(replay.status).toBe(404);
    expect(replay.body.code).toBe('TOKEN_NOT_FOUND');
    expect((await ct.validate(first.body.accessToken)).status).toBe(404);
    expect((await ct.generate(user.ctidUserId!, first.body.inappToken)).body.code).toBe('INAPP_TOKEN_INVALID');
    const ds = t.app.get(DataSource);
    const events = await ds.query(`SELECT * FROM "audit_event" WHERE "action" = 'one_time_token.replay'`);
    expect(events.length).toBeGreaterThanOrEqual(1);
  });

  it('50 concurrent 4.2 calls with one OT token give exactly one 200', async () => {
    const user = await seedUser(t.app, 'broker_a');
    const code = keep(await loginToken(t.app, 'broker_a', user.id));
    await ct.authenticate();
    const results = await Promise.all(Array.from({ length: 50 }, () => ct.exchange(code)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 404)).toHaveLength(49);
    results.forEach((r) => keep(r.body?.accessToken));
  });

  it('4.5 revokes the given access token and is idempotent; unknown user → 404', async () => {
    const user = await seedUser(t.app, 'broker_a');
    const ex = await ct.exchange(keep(await loginToken(t.app, 'broker_a', user.id)));
    keep(ex.body.accessToken);
    const out = await ct.logout(user.ctidUserId!, ex.body.accessToken);
    expect(out.status).toBe(200);
    expect(out.body).toBeNull();
    expect((await ct.validate(ex.body.accessToken)).status).toBe(404);
    expect((await ct.logout(user.ctidUserId!, ex.body.accessToken)).status).toBe(200);
    expect((await ct.logout(user.ctidUserId!)).status).toBe(200);
    const unknown = await ct.logout(88_888_888);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('USER_NOT_FOUND');
  });

  it('a locked user fails every token check', async () => {
    const user = await seedUser(t.app, 'broker_a');
    const ex = await ct.exchange(keep(await loginToken(t.app, 'broker_a', user.id)));
    await t.app.get(DataSource).query(`UPDATE "trader_user" SET "lockedAt" = 1 WHERE "id" = ${user.id}`);
    expect((await ct.validate(ex.body.accessToken)).status).toBe(404);
    expect((await ct.generate(user.ctidUserId!, ex.body.inappToken)).status).toBe(404);
    expect((await ct.exchange(keep(await loginToken(t.app, 'broker_a', user.id)))).status).toBe(404);
  });

  it('stores no issued token value anywhere in the database', async () => {
    const ds = t.app.get(DataSource);
    const tables = ['crm_api_token', 'one_time_token', 'access_token', 'inapp_token', 'audit_event', 'trader_user'];
    const dump = JSON.stringify(await Promise.all(tables.map((tbl) => ds.query(`SELECT * FROM "${tbl}"`))));
    const values = issued.filter(Boolean);
    expect(values.length).toBeGreaterThan(20);
    for (const v of values) expect(dump).not.toContain(v);
    const logs = t.logs.join('');
    for (const v of values) expect(logs).not.toContain(v);
  });

  async function crmToken(): Promise<string> {
    const r = await post('/oauth2/crmApiToken?brokerName=broker_a&brokerCrmName=crm_shared', { password: TEST_CRM_PASSWORD });
    return keep(r.body.crmApiToken as string);
  }
});
