import { INestApplication, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ModuleKey } from '../config/module-key';
import { hashPassword } from '../lib/crypto/password-hash';
import { BrokerRegistry } from '../kernel/broker-identification';
import { UsersService } from '../kernel/users';
import { SignupSaga } from '../modules/full-sso/services/signup-saga.service';
import { Clock } from '../kernel/clock';

export const DEMO_TRADER = { email: 'trader@example.com', password: 'Trader-pass-1' };

/**
 * The demo's ready-made trader (README): created once per Full-SSO broker that runs on the built-in simulator,
 * through the real signup saga (3.2 → 3.3 → 3.4), so logging in works at once. Never in production.
 */
export async function seedDemoTrader(app: INestApplication, config: AppConfig, simulatorBrokers: string[]): Promise<void> {
  if (config.server.production || !config.modules.includes(ModuleKey.FullSso)) return;
  const logger = new Logger('DemoSeed');
  const users = app.get(UsersService);
  for (const name of simulatorBrokers) {
    const broker = app.get(BrokerRegistry).findByName(name);
    if (!broker || !broker.modules.has(ModuleKey.FullSso)) continue;
    const existing = await users.findByEmail(name, DEMO_TRADER.email);
    if (existing?.signupStep === 'complete') continue;
    const user =
      existing ??
      (await users.createFullSsoUser(name, {
        email: DEMO_TRADER.email,
        passwordHash: await hashPassword(DEMO_TRADER.password),
        firstName: 'Demo',
        lastName: 'Trader',
        country: 'CY',
        preferredLanguage: broker.config.branding.defaultLanguage,
        // The demo's own address, known to be the operator's: treated as proven (no code to type at start).
        emailVerifiedAt: app.get(Clock).now(),
      }));
    try {
      const t = broker.config.trading;
      await app
        .get(SignupSaga, { strict: false })
        .completeWithAccount(broker, user, { currency: t.currencies[0], leverage: t.leverages[0], accountType: t.accountTypes[0] });
      logger.log(`demo trader ${DEMO_TRADER.email} ready for ${name}`);
    } catch (e) {
      logger.warn(`demo trader not seeded for ${name}: ${(e as Error).message}`);
    }
  }
}
