import { buildConfig } from './config-loader';
import { ConfigError } from './config-error';
import { ModuleKey } from './module-key';
import { hashPasswordSync } from '../lib/crypto/password-hash';

const HASH = hashPasswordSync('pw');

function broker(over: Record<string, unknown> = {}) {
  return {
    brokerName: 'b1',
    brokerCrmName: 'crm1',
    modules: ['fullSso'],
    crmApiPasswords: [HASH],
    ctrader: { url: 'https://ct.example.com:443', managerLogin: 1, managerPassword: { env: 'CT_PW' } },
    branding: { name: 'B1', legalEntity: 'B1 Ltd' },
    ...over,
  };
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('buildConfig', () => {
  const env = { CT_PW: 'secret' };

  it('applies defaults and resolves secret references', () => {
    const c = buildConfig({ database: { url: 'sqlite:./x.db' }, modules: ['fullSso'], brokers: [broker()] }, env);
    expect(c.server.port).toBe(3000);
    expect(c.tokens.crmApiTokenTtlDays).toBe(14);
    expect(c.brokers[0].ctrader.managerPassword).toBe('secret');
    expect(c.brokers[0].modules).toEqual([ModuleKey.FullSso]);
  });

  it('takes trading.environment as a free name (live2 too) and the 3.12/3.13 method and path from config', () => {
    const c = buildConfig({ database: { url: 'sqlite:./x.db' }, modules: ['fullSso'], brokers: [broker({ trading: { environment: 'live2' } })] }, env);
    expect(c.brokers[0].trading.environment).toBe('live2');
    expect(c.brokers[0].ctrader.paths).toMatchObject({
      logout: '/oauth2/ctid/logout',
      logoutMethod: 'POST',
      acceptAgreement: '/oauth2/ctid/acceptAgreement',
      acceptAgreementMethod: 'PUT',
    });
    for (const environment of ['', 'live 2', 'toolongname', '-live', 'LIVE']) {
      const problems = problemsOf(() =>
        buildConfig({ database: { url: 'sqlite:./x.db' }, modules: ['fullSso'], brokers: [broker({ trading: { environment } })] }, env),
      );
      expect(problems.join('\n')).toContain('trading.environment');
    }
    const paths = { logoutMethod: 'PUT', acceptAgreement: '/oauth2/ctid/agreement', acceptAgreementMethod: 'POST' };
    const custom = buildConfig(
      { database: { url: 'sqlite:./x.db' }, modules: ['fullSso'], brokers: [broker({ ctrader: { ...broker().ctrader, paths } })] },
      env,
    );
    expect(custom.brokers[0].ctrader.paths).toMatchObject(paths);
    const bad = problemsOf(() =>
      buildConfig(
        { database: { url: 'sqlite:./x.db' }, modules: ['fullSso'], brokers: [broker({ ctrader: { ...broker().ctrader, paths: { logoutMethod: 'PATCH' } } })] },
        env,
      ),
    );
    expect(bad.join('\n')).toContain('logoutMethod');
  });

  it('reports every problem at once with its path', () => {
    const problems = problemsOf(() =>
      buildConfig(
        {
          database: { url: 'mysql://x' },
          modules: ['fullSso', 'bogus'],
          tokens: { crmApiTokenTtlDays: 3 },
          brokers: [broker({ brokerName: 'has space', extra: 1, ctrader: { url: 'ftp://x', managerLogin: 1, managerPassword: 'literal' } })],
        },
        env,
      ),
    );
    const text = problems.join('\n');
    expect(text).toMatch(/database\.url/);
    expect(text).toMatch(/^modules:/m);
    expect(text).toMatch(/tokens\.crmApiTokenTtlDays: .*at least 7/);
    expect(text).toMatch(/brokers\[0\]\.brokerName: brokerName must be URL-safe/);
    expect(text).toMatch(/brokers\[0\]\.extra: unknown setting/);
    expect(text).toMatch(/brokers\[0\]\.ctrader\.managerPassword: secrets are given by reference/);
    expect(problems.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses incompatible module combinations with an explanation', () => {
    const problems = problemsOf(() =>
      buildConfig(
        {
          database: { url: 'sqlite:./x.db' },
          modules: Object.values(ModuleKey),
          brokers: [broker({ modules: ['lightIdentity', 'embeddedWeb', 'inappControls', 'fullSso'] })],
        },
        env,
      ),
    );
    expect(problems.join('\n')).toMatch(/fullSso and lightIdentity cannot both be on/);
    const p2 = problemsOf(() =>
      buildConfig(
        { database: { url: 'sqlite:./x.db' }, modules: Object.values(ModuleKey), brokers: [broker({ modules: ['lightIdentity', 'embeddedWeb'] })] },
        env,
      ),
    );
    expect(p2.join('\n')).toMatch(/embeddedWeb needs fullSso.*Light identity cannot issue it/);
  });

  it('refuses a broker module the deployment does not load', () => {
    const problems = problemsOf(() =>
      buildConfig({ database: { url: 'sqlite:./x.db' }, modules: ['fullSso'], brokers: [broker({ modules: ['fullSso', 'inappActions'] })] }, env),
    );
    expect(problems.join('\n')).toMatch(/inappActions is not in the deployment's modules list/);
  });

  it('refuses demo secrets and the simulator in production', () => {
    const problems = problemsOf(() =>
      buildConfig(
        {
          server: { production: true, baseUrl: 'https://crm.example.com' },
          database: { url: 'sqlite:./x.db' },
          modules: ['fullSso'],
          brokers: [broker({ ctrader: { url: 'simulator', managerLogin: 1, managerPassword: { env: 'NOPE', default: 'demo' } } })],
        },
        {},
      ),
    );
    expect(problems.join('\n')).toMatch(/managerPassword: production mode refuses a demo secret/);
    expect(problems.join('\n')).toMatch(/needs a real cTrader host/);
  });

  it('refuses the outbox mail transport in production, with a clear boot error (issue #17)', () => {
    const raw = (mail: Record<string, unknown> | undefined) => ({
      server: { production: true, baseUrl: 'https://crm.example.com' },
      database: { url: 'sqlite:./x.db' },
      modules: ['fullSso'],
      brokers: [broker({ ctrader: { url: 'https://ct.example.com:5000', managerLogin: 1, managerPassword: { env: 'CT' } } })],
      ...(mail ? { mail } : {}),
    });
    for (const mail of [undefined, { transport: 'outbox' }]) {
      expect(problemsOf(() => buildConfig(raw(mail), { CT: 'real-password' })).join('\n')).toMatch(
        /mail\.transport: production mode refuses the outbox transport/,
      );
    }
    expect(() => buildConfig(raw({ transport: 'smtp', smtp: { host: 'smtp.example.com' } }), { CT: 'real-password' })).not.toThrow();
    // Outside production the outbox stays the demo's default.
    expect(buildConfig({ ...raw(undefined), server: { baseUrl: 'http://localhost' } }, { CT: 'real-password' }).mail.transport).toBe('outbox');
  });

  it('refuses relaxing the webhook SSRF guard in production, and a literal webhook secret key anywhere (issue #21)', () => {
    const raw = (webhooks: Record<string, unknown>, production: boolean) => ({
      server: { production, baseUrl: production ? 'https://crm.example.com' : 'http://localhost' },
      database: { url: 'sqlite:./x.db' },
      modules: ['fullSso'],
      mail: { transport: 'smtp', smtp: { host: 'smtp.example.com' } },
      brokers: [broker({ ctrader: { url: 'https://ct.example.com:5000', managerLogin: 1, managerPassword: { env: 'CT' } } })],
      webhooks,
    });
    const env = { CT: 'real-password', WH: 'a-webhook-secret-key-of-32-characters-or-more' };
    expect(problemsOf(() => buildConfig(raw({ allowPrivateTargets: true, secretKey: { env: 'WH' } }, true), env)).join('\n')).toMatch(
      /webhooks\.allowPrivateTargets: production mode refuses it/,
    );
    expect(buildConfig(raw({ allowPrivateTargets: true, secretKey: { env: 'WH' } }, false), env).webhooks).toMatchObject({
      allowPrivateTargets: true,
      secretKey: env.WH,
    });
    expect(buildConfig(raw({ secretKey: { env: 'WH' } }, true), env).webhooks.allowPrivateTargets).toBe(false);
    expect(problemsOf(() => buildConfig(raw({ secretKey: 'literal-secret-key-literal-secret-key' }, false), env)).join('\n')).toMatch(
      /webhooks\.secretKey: secrets are given by reference/,
    );
  });
});
