import { INestApplication } from '@nestjs/common';
import { AdminApiKeyService } from '../kernel/admin-access';
import { AppConfig } from '../config/app-config';

/**
 * The first admin key: from config (DEMO_ADMIN_KEY in the demo) or, outside production when no key exists yet,
 * generated and printed once on the console so a newcomer can open the Swagger console at once.
 * Returns the generated key (never logged through the logger).
 */
export async function bootstrapAdminKey(app: INestApplication, config: AppConfig): Promise<string | undefined> {
  const keys = app.get(AdminApiKeyService);
  const brokers = config.admin.bootstrapKeyBrokers.includes('*') ? '*' : config.admin.bootstrapKeyBrokers;
  if (config.admin.bootstrapKey) {
    await keys.ensureBootstrapKey(config.admin.bootstrapKey, brokers);
    return undefined;
  }
  if (config.server.production || (await keys.count()) > 0) return undefined;
  const created = await keys.create({ name: 'generated at first start', role: 'admin', brokers });
  return created.key;
}
