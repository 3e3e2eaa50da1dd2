import { HostedProviderConfig, PaymentLimitsConfig, PaymentsConfig } from '../../src/config/payments-config';
import { AdminApiKeyService } from '../../src/kernel/admin-access/admin-api-key.service';
import { CtraderGateway } from '../../src/kernel/ctrader-gateway/ctrader-gateway.service';
import { CtraderSimulator } from '../../src/simulator';
import { adminCall } from '../inapp-actions/payments-harness';
import { createTrader, LI_BROKER, LI_CRM, startLiTestApp } from '../light-identity/li-test-app';
import { ctraderTestConfig, startSimulatorFor } from '../support/simulator-harness';
import type { TestApp } from '../support/test-app';

export const C = `brokerName=${LI_BROKER}`;

/**
 * The usual three brokers on one simulator; broker_c (Light identity + InAppActions, crm_c) gets a manual
 * payments block like broker_a's in the payments tests.
 */
export async function startLiMoneyStack(): Promise<{ t: TestApp; sim: CtraderSimulator; admin: ReturnType<typeof adminCall> }> {
  const config = ctraderTestConfig({ timeoutMs: 1000, nonGetPerSecond: 1000 });
  config.brokers.find((b) => b.brokerName === LI_BROKER)!.payments = Object.assign(new PaymentsConfig(), {
    providers: ['manual'],
    currencies: ['USD', 'EUR'],
    deposit: Object.assign(new PaymentLimitsConfig(), { minMinor: 1000, maxMinor: 1_000_000 }),
    withdrawal: Object.assign(new PaymentLimitsConfig(), { minMinor: 500, maxMinor: 1_000_000 }),
    hosted: new HostedProviderConfig(),
  });
  const sim = await startSimulatorFor(config);
  const t = await startLiTestApp(config);
  const admin = adminCall(t, (await t.app.get(AdminApiKeyService).create({ name: 'li payments', role: 'write', brokers: [LI_BROKER] })).key);
  return { t, sim, admin };
}

let ctid = 770_000;

/** A cTrader user with a live account at the simulator (holding `balance` as decimal text, if any) and a fresh LI token for it. */
export async function liTraderWithToken(
  t: TestApp,
  sim: CtraderSimulator,
  balance?: string,
  currency = 'USD',
): Promise<{ login: number; ctidUserId: number; email: string; token: string }> {
  const login = await createTrader(t, LI_BROKER, currency);
  if (balance) await t.app.get(CtraderGateway).changeBalance(LI_BROKER, { login, preciseAmount: balance, type: 'DEPOSIT', externalId: `seed-${login}` });
  const ctidUserId = ++ctid;
  const email = `li.money${ctidUserId}@example.com`;
  const token = sim.mintLightIdentityToken({ brokerCrmName: LI_CRM, userId: ctidUserId, email, tradingLogin: login });
  return { login, ctidUserId, email, token };
}
