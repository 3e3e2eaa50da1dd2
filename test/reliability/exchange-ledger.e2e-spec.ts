import { DataSource } from 'typeorm';
import { CtraderAppClient } from '../../src/simulator';
import { AccessToken } from '../../src/kernel/tokens/access-token.entity';
import { InappToken } from '../../src/kernel/tokens/inapp-token.entity';
import { hashToken, newToken } from '../../src/kernel/tokens/token-format';
import { exchangeLedger } from '../support/exchange-ledger';
import { loginToken, seedUser } from '../support/seed';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD, testConfig } from '../support/test-config';

/**
 * The crash test's `duplicated` comes from exchangeLedger: this shows the count is not blind. A broken 4.2 that
 * issued a second token for one OT token (written here straight into the tables, as such a bug would leave
 * them) is reported as duplicated=1; the real exchange, retried, is not.
 */
describe('the exchange ledger the crash test counts duplicates with', () => {
  let t: TestApp;
  let ds: DataSource;
  let app: CtraderAppClient;

  beforeAll(async () => {
    t = await startTestApp(testConfig());
    ds = t.app.get(DataSource);
    app = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: 'broker_a', brokerCrmName: 'crm_shared', password: TEST_CRM_PASSWORD });
    await app.authenticate();
  });
  afterAll(() => t?.close());

  async function exchangedToken(): Promise<{ ot: string; userId: number }> {
    const user = await seedUser(t.app, 'broker_a');
    const ot = await loginToken(t.app, 'broker_a', user.id);
    const r = await app.exchange(ot);
    expect(r.status).toBe(200);
    return { ot, userId: user.id };
  }

  it('counts one token per OT token for real exchanges, retried or not', async () => {
    const a = await exchangedToken();
    const b = await exchangedToken();
    expect((await app.exchange(a.ot)).status).not.toBe(200);
    expect(await exchangeLedger(ds, [a.ot, b.ot])).toEqual({ exchanged: 2, duplicated: 0 });
  });

  it('reports duplicated=1 when one OT token has a second access token', async () => {
    const a = await exchangedToken();
    const b = await exchangedToken();
    const now = Date.now();
    await ds.getRepository(AccessToken).insert({
      tokenHash: hashToken(newToken()),
      brokerName: 'broker_a',
      userId: a.userId,
      sourceOneTimeTokenHash: hashToken(a.ot),
      expiresAt: now + 86_400_000,
      revokedAt: null,
      createdAt: now,
    });
    expect(await exchangeLedger(ds, [a.ot, b.ot])).toEqual({ exchanged: 2, duplicated: 1 });
  });

  it('reports duplicated=1 when one OT token has a second inappToken', async () => {
    const a = await exchangedToken();
    const now = Date.now();
    await ds.getRepository(InappToken).insert({
      tokenHash: hashToken(newToken()),
      brokerName: 'broker_a',
      userId: a.userId,
      accessTokenHash: null,
      sourceOneTimeTokenHash: hashToken(a.ot),
      expiresAt: now + 86_400_000,
      revokedAt: null,
      createdAt: now,
    });
    expect(await exchangeLedger(ds, [a.ot])).toEqual({ exchanged: 1, duplicated: 1 });
  });
});
