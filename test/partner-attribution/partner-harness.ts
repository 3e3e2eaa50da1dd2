import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { AppConfig } from '../../src/config/app-config';
import { ModuleKey } from '../../src/config/module-key';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { CtraderSimulator } from '../../src/simulator';
import { seedUser } from '../support/seed';
import { TEST_MANAGER_PASSWORD } from '../support/simulator-harness';
import { TestApp } from '../support/test-app';
import { testBroker, testConfig } from '../support/test-config';

export const CREDENTIAL_A = 'ctrader-invite:secret-of-broker-a';
export const CREDENTIAL_B = 'ctrader-invite:secret-of-broker-b';
export const basic = (credential: string) => `Basic ${Buffer.from(credential).toString('base64')}`;

/**
 * broker_a (crm_shared): every module but Light identity, reattribution within 30 days.
 * broker_b (crm_shared): Full SSO + partners, first touch only. broker_c: no partner module. All on the simulator.
 */
export function partnerTestConfig(overA: Record<string, unknown> = {}): AppConfig {
  const ctrader = (managerLogin: number) => ({
    url: 'simulator',
    managerLogin,
    managerPassword: { env: 'TEST_CT_PASSWORD', default: TEST_MANAGER_PASSWORD },
    timeoutMs: 2000,
    nonGetPerSecond: 200,
  });
  return testConfig({
    brokers: [
      testBroker(
        'broker_a',
        'crm_shared',
        Object.values(ModuleKey).filter((m) => m !== ModuleKey.LightIdentity),
        {
          ctrader: ctrader(2309),
          partners: { webhookCredential: { env: 'TEST_INVITE_A', default: CREDENTIAL_A }, reattributionDays: 30, ...overA },
        },
      ),
      testBroker('broker_b', 'crm_shared', [ModuleKey.FullSso, ModuleKey.PartnerAttribution], {
        ctrader: ctrader(2309),
        partners: { webhookCredential: { env: 'TEST_INVITE_B', default: CREDENTIAL_B } },
      }),
      testBroker('broker_c', 'crm_c', [ModuleKey.LightIdentity, ModuleKey.InappActions], { ctrader: ctrader(2310) }),
    ],
  });
}

let serial = 0;

/** A user who finished signup: a real cTID at the simulator (3.2) and the local row. */
export async function signedUpUser(t: TestApp, brokerName: string, name = 'Trader'): Promise<TraderUser> {
  const email = `${name.toLowerCase()}.${Date.now()}.${++serial}@example.com`;
  const { userId } = await t.app.get(CtraderGateway).createUser(brokerName, { email, firstName: name });
  return seedUser(t.app, brokerName, { email, firstName: name, lastName: 'Example', ctidUserId: userId });
}

export async function adminKey(t: TestApp, brokers: string[] | '*' = '*', role: 'read' | 'write' = 'write'): Promise<string> {
  return (await t.app.get(AdminApiKeyService).create({ name: `partners ${++serial}`, role, brokers })).key;
}

/** Polls until `check` returns a value (or throws after `ms`): for effects of background jobs. Not a timed assertion. */
export async function eventually<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function referralsOf(sim: CtraderSimulator, userId: number) {
  return sim.state.listReferrals().filter((r) => r.userId === userId);
}
