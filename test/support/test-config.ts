import { AppConfig } from '../../src/config/app-config';
import { buildConfig, tuningFromEnv } from '../../src/config/config-loader';
import { ModuleKey } from '../../src/config/module-key';
import { hashPasswordSync } from '../../src/lib/crypto/password-hash';
import { freshDatabase } from './test-database';
import { recordSecret } from './test-run-records';

export const TEST_CRM_PASSWORD = 'test-crm-password';
const CRM_HASH = hashPasswordSync(TEST_CRM_PASSWORD);
recordSecret(TEST_CRM_PASSWORD);
recordSecret('test-manager-password');

export function testBroker(brokerName: string, brokerCrmName: string, modules: ModuleKey[], extra: Record<string, unknown> = {}) {
  return {
    brokerName,
    brokerCrmName,
    modules,
    crmApiPasswords: [CRM_HASH],
    ctrader: { url: 'http://127.0.0.1:9', managerLogin: 2309, managerPassword: { env: 'TEST_CT_PASSWORD', default: 'test-manager-password' } },
    ctraderWebUrl: 'http://127.0.0.1:9/ctrader-web',
    branding: { name: `${brokerName} brand`, legalEntity: `${brokerName} Ltd` },
    ...extra,
  };
}

/** A config for tests: two brokers by default, every module loaded, a fresh database. */
export function testConfig(raw: Record<string, unknown> = {}): AppConfig {
  const db = freshDatabase();
  return buildConfig(
    {
      server: { port: 0, host: '127.0.0.1', baseUrl: 'http://127.0.0.1' },
      database: { url: db.url, schema: db.schema },
      // debug: every line the server can write (the debug ones too) reaches the run's leak scan.
      logLevel: 'debug',
      modules: Object.values(ModuleKey),
      // JOBS_*, HOUSEKEEPING_AUTOSTART and SCREENS_RELOAD set by a suite (withEnv) apply as loadConfig applies them.
      ...tuningFromEnv(process.env),
      brokers: [
        testBroker(
          'broker_a',
          'crm_shared',
          Object.values(ModuleKey).filter((m) => m !== ModuleKey.LightIdentity),
        ),
        testBroker('broker_b', 'crm_shared', [ModuleKey.FullSso]),
        testBroker('broker_c', 'crm_c', [ModuleKey.LightIdentity, ModuleKey.InappActions]),
      ],
      ...raw,
    },
    {},
  );
}
