import { ModuleKey } from '../../src/config/module-key';
import { PasswordLogin } from '../../src/kernel/users/password-login.service';
import { CtraderAppClient, CtraderSimulator } from '../../src/simulator';
import { CookieJar } from '../screens/cookie-jar';
import { loginToken } from '../support/seed';
import { TestApp } from '../support/test-app';
import { TEST_CRM_PASSWORD } from '../support/test-config';
import { accountsOf, createTrader, LI_BROKER, LI_CRM, open, openFollowing, PROBE, reconfigured, startLiStack, startLiTestApp, usersOf } from './li-test-app';

/**
 * Issue #5: a broker moves from Light identity to Full SSO by config alone. Same database, same cTrader; the app
 * restarts with broker_c's modules changed, and cTrader's 4.x calls for the same cTrader userId find the users
 * Light identity created, with their accounts.
 */
describe('moving a broker from Light identity to Full SSO keeps its users', () => {
  let t: TestApp | undefined;
  let sim: CtraderSimulator;

  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  it('4.3/4.4 find the same local user and accounts; the users have no password until they set one', async () => {
    const stack = await startLiStack();
    t = stack.t;
    sim = stack.sim;
    const login = await createTrader(t, LI_BROKER, 'EUR');
    const ctidUserId = 990_001;
    const token = sim.mintLightIdentityToken({ brokerCrmName: LI_CRM, userId: ctidUserId, email: 'mover@example.com', tradingLogin: login });
    expect((await openFollowing(t, `${PROBE}?brokerName=${LI_BROKER}&token=${token}`, new CookieJar())).status).toBe(200);
    const before = await usersOf(t).findOneByOrFail({ brokerName: LI_BROKER, ctidUserId });
    const accountsBefore = await accountsOf(t).findBy({ brokerName: LI_BROKER, userId: before.id });
    // While on Light identity the broker serves no 4.x API: cTrader is the identity provider.
    const asLight = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: LI_BROKER, brokerCrmName: LI_CRM, password: TEST_CRM_PASSWORD });
    expect((await asLight.authenticate()).status).toBe(404);
    await t.close();
    t = undefined;

    // The broker edits its config: lightIdentity → fullSso. Nothing else.
    const config = reconfigured(stack.config, sim, [ModuleKey.FullSso, ModuleKey.InappActions]);
    t = await startLiTestApp(config);
    const after = await usersOf(t).findOneByOrFail({ brokerName: LI_BROKER, ctidUserId });
    expect(after).toEqual(before);
    expect(after.passwordHash).toBeNull();
    expect(await accountsOf(t).findBy({ brokerName: LI_BROKER, userId: after.id })).toEqual(accountsBefore);

    const ct = new CtraderAppClient({ baseUrl: t.baseUrl, brokerName: LI_BROKER, brokerCrmName: LI_CRM, password: TEST_CRM_PASSWORD });
    // 4.4 for that cTrader userId → an in-app token → the same screen, same user, same account.
    const generated = await ct.generate(ctidUserId);
    expect(generated.status).toBe(200);
    const page = await openFollowing(
      t,
      `${PROBE}?brokerName=${LI_BROKER}&token=${(generated.body as { token: string }).token}&account=${login}`,
      new CookieJar(),
    );
    expect(page.status).toBe(200);
    expect(page.html).toContain(`user=mover@example.com account=${login}`);
    // 4.2 then 4.3 (automatic re-login) answer the same cTrader userId.
    const exchanged = await ct.exchange(await loginToken(t.app, LI_BROKER, after.id, true));
    expect(exchanged.status).toBe(200);
    const { accessToken } = exchanged.body as { accessToken: string };
    const validated = await ct.validate(accessToken);
    expect(validated.status).toBe(200);
    expect((validated.body as { userId: number }).userId).toBe(ctidUserId);
    // No password yet: the login form refuses any, without an error, until the reset flow sets the first one.
    expect(await t.app.get(PasswordLogin).verify(LI_BROKER, 'mover@example.com', '')).toBeNull();
    expect(await t.app.get(PasswordLogin).verify(LI_BROKER, 'mover@example.com', 'anything-at-all')).toBeNull();
    // Light-identity tokens mean nothing to the broker any more.
    const late = sim.mintLightIdentityToken({ brokerCrmName: LI_CRM, userId: ctidUserId, tradingLogin: login });
    expect((await open(t, `${PROBE}?brokerName=${LI_BROKER}&token=${late}`, new CookieJar())).status).toBe(401);
  });
});
