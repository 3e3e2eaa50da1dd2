import { ConfigError } from './config-error';
import { buildConfig } from './config-loader';
import { DEMO_CRM_PASSWORD } from './production-rules';
import { hashPasswordSync } from '../lib/crypto/password-hash';

const REAL_HASH = hashPasswordSync('a-real-4.1-password');
const DEMO_HASH = hashPasswordSync(DEMO_CRM_PASSWORD);

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const broker = (over: Record<string, unknown> = {}) => ({
  brokerName: 'acme',
  brokerCrmName: 'acme_crm',
  modules: ['fullSso'],
  crmApiPasswords: [REAL_HASH],
  ctrader: { url: 'https://ct.acme.example:5000', managerLogin: 1, managerPassword: { env: 'CT' } },
  successUrl: 'https://crm.acme.example/ok',
  ctraderWebUrl: 'https://ct.acme.example',
  frameAncestors: ['https://app.ctrader.com'],
  branding: { name: 'Acme', legalEntity: 'Acme Ltd', jurisdiction: 'Regulated by CySEC (licence 123/45)' },
  ...over,
});
const production = (brokers: unknown[], extra: Record<string, unknown> = {}) => ({
  server: { production: true, baseUrl: 'https://crm.acme.example' },
  database: { url: 'postgres://app@db.internal/crm' },
  mail: { transport: 'smtp', from: 'no-reply@acme.example', smtp: { host: 'smtp.acme.example' } },
  modules: ['fullSso'],
  brokers,
  ...extra,
});

describe('production mode refuses placeholders and every demo value (issue #18)', () => {
  it('a clean production config boots', () => {
    expect(buildConfig(production([broker()]), { CT: 'real-manager-password' }).server.production).toBe(true);
  });

  it("the example's placeholder hash (REPLACE_WITH_SALT) is refused, though it has the hash format", () => {
    const problems = problemsOf(() =>
      buildConfig(production([broker({ crmApiPasswords: ['scrypt$16384$8$1$REPLACE_WITH_SALT$REPLACE_WITH_HASH'] })]), { CT: 'real-manager-password' }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'brokers[0].crmApiPasswords[0]: production mode refuses a placeholder value; replace it (see config/production.example.yaml)',
        'brokers[0].crmApiPasswords[0]: not a hash made by npm run admin -- hash-password (cost, salt or key too small)',
      ]),
    );
  });

  it('a weak or truncated hash is refused, and a broker with no 4.1 hash at all', () => {
    const truncated = REAL_HASH.slice(0, -10);
    const weak = 'scrypt$1024$8$1$' + REAL_HASH.split('$').slice(4).join('$');
    const problems = problemsOf(() =>
      buildConfig(production([broker({ crmApiPasswords: [truncated, weak] }), broker({ brokerName: 'acme2', crmApiPasswords: [] })]), {
        CT: 'real-manager-password',
      }),
    );
    expect(problems.filter((p) => p.includes('not a hash made by'))).toHaveLength(2);
    expect(problems.join('\n')).toContain('brokers[1].crmApiPasswords: production mode needs at least one 4.1 password hash');
  });

  it('demo secrets are refused however they arrive (environment, secret file), and the demo 4.1 hash', () => {
    const problems = problemsOf(() =>
      buildConfig(
        production(
          [
            broker({
              crmApiPasswords: [REAL_HASH, DEMO_HASH],
              partners: { webhookCredential: { env: 'INVITE' } },
              modules: ['fullSso', 'partnerAttribution'],
            }),
          ],
          { modules: ['fullSso', 'partnerAttribution'] },
        ),
        { CT: 'demo-manager-password', INVITE: 'ctrader-invite:demo-invite-secret' },
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'brokers[0].ctrader.managerPassword: production mode refuses the demo cTrader manager password',
        'brokers[0].partners.webhookCredential: production mode refuses the demo invite webhook credential',
        'brokers[0].crmApiPasswords[1]: production mode refuses the demo 4.1 password',
      ]),
    );
    // The problem names the setting, never the secret.
    expect(problems.join('\n')).not.toContain('demo-invite-secret');
  });

  it("the demo broker's identity, texts and sender are refused", () => {
    const problems = problemsOf(() =>
      buildConfig(
        production(
          [
            broker({
              brokerName: 'demo_broker',
              brokerCrmName: 'demo_crm',
              branding: {
                name: 'Demo Broker',
                legalEntity: 'Demo Broker Ltd',
                jurisdiction: 'Regulated by the Demo Financial Services Authority (licence 000/00)',
              },
            }),
          ],
          { mail: { transport: 'smtp', from: 'no-reply@demo-broker.example', smtp: { host: 'smtp.acme.example' } } },
        ),
        { CT: 'real-manager-password' },
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        "brokers[0].brokerName: production mode refuses the demo broker's name",
        "brokers[0].brokerCrmName: production mode refuses the demo broker's CRM name",
        "brokers[0].branding.jurisdiction: production mode refuses the demo broker's regulatory line",
        'mail.from: production mode refuses the demo sender address',
      ]),
    );
  });

  it('simulator and loopback addresses in broker settings are refused; the simulator itself too', () => {
    const problems = problemsOf(() =>
      buildConfig(
        production(
          [
            broker({
              ctrader: { url: 'simulator', managerLogin: 1, managerPassword: { env: 'CT' } },
              successUrl: 'http://localhost:3100/app/success',
              ctraderWebUrl: 'https://sim.acme.example/ctrader-web',
              frameAncestors: ['https://app.ctrader.com', 'http://127.0.0.1:3000'],
            }),
          ],
          { simulator: { embedded: true } },
        ),
        { CT: 'real-manager-password' },
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'brokers[0].ctrader.url: production mode needs a real cTrader host, not the simulator',
        'brokers[0].successUrl: production mode refuses a loopback address (a demo or simulator URL)',
        "brokers[0].ctraderWebUrl: production mode refuses the simulator's page",
        'brokers[0].frameAncestors[1]: production mode refuses a loopback address (a demo or simulator URL)',
        'simulator.embedded: production mode does not start the built-in cTrader simulator',
      ]),
    );
  });

  it('every problem is reported at once, together with ordinary validation problems', () => {
    const problems = problemsOf(() =>
      buildConfig(
        production([broker({ crmApiPasswords: ['scrypt$16384$8$1$REPLACE_WITH_SALT$REPLACE_WITH_HASH'], brokerName: 'demo_broker' })], {
          server: { production: true, baseUrl: 'http://crm.acme.example', port: 'eighty' },
          mail: { transport: 'outbox' },
        }),
        { CT: 'demo-manager-password' },
      ),
    );
    for (const path of [
      'server.port',
      'server.baseUrl',
      'mail.transport',
      'brokers[0].brokerName',
      'brokers[0].ctrader.managerPassword',
      'brokers[0].crmApiPasswords[0]',
    ]) {
      expect(problems.some((p) => p.startsWith(`${path}:`))).toBe(true);
    }
  });

  it('outside production the demo values stay the demo', () => {
    const demo = buildConfig(
      {
        database: { url: 'sqlite:./x.db' },
        modules: ['fullSso'],
        brokers: [broker({ brokerName: 'demo_broker', crmApiPasswords: [DEMO_HASH], successUrl: 'http://localhost:3100/app/success' })],
      },
      { CT: 'demo-manager-password' },
    );
    expect(demo.brokers[0].brokerName).toBe('demo_broker');
  });
});
