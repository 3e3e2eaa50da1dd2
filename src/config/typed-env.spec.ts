import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { loadConfig } from './config-loader';
import { hashPasswordSync } from '../lib/crypto/password-hash';

const HASH = hashPasswordSync('pw');

/** A YAML file whose settings come from environment substitutions, as in config/production.example.yaml. */
function yamlWith(lines: { server?: string[]; database?: string[]; top?: string[]; broker?: string[] }): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cbi-typed-env-')), 'config.yaml');
  writeFileSync(
    file,
    [
      'server:',
      ...(lines.server ?? ['  port: 3000']),
      'database:',
      '  url: sqlite:./x.db',
      ...(lines.database ?? []),
      ...(lines.top ?? []),
      'modules: [fullSso]',
      'brokers:',
      '  - brokerName: b1',
      `    brokerCrmName: \${CRM:-crm1}`,
      '    modules: [fullSso]',
      `    crmApiPasswords: ['${HASH}']`,
      '    ctrader:',
      '      url: https://ct.example.com:443',
      '      managerLogin: ${MANAGER_LOGIN:-2309}',
      '      managerPassword: { default: x }',
      '    branding: { name: B1, legalEntity: B1 Ltd }',
      ...(lines.broker ?? []),
    ].join('\n'),
  );
  return file;
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

describe('environment substitutions yield the type the schema wants (issue #18)', () => {
  const file = yamlWith({
    server: ['  port: ${PORT:-3000}', '  bodyLimitBytes: "${BODY_LIMIT:-65536}"'],
    database: ['  migrationsRun: ${MIGRATIONS_RUN:-true}', '  logging: ${DB_LOGGING:-false}'],
    top: ['redisUrl: ${REDIS_URL:-}'],
    broker: ['    inappTokenEnabled: ${INAPP:-false}'],
  });

  it('a default of a number or boolean field is a number or boolean, not text', () => {
    const c = loadConfig({ file, env: {} });
    expect(c.server.port).toBe(3000);
    expect(c.server.bodyLimitBytes).toBe(65536);
    expect(c.database.migrationsRun).toBe(true);
    expect(c.database.logging).toBe(false);
    expect(c.brokers[0].inappTokenEnabled).toBe(false);
    expect(c.brokers[0].ctrader.managerLogin).toBe(2309);
  });

  it('values from the environment are converted the same way; PORT set without any YAML change', () => {
    const c = loadConfig({ file, env: { PORT: '4400', MIGRATIONS_RUN: 'false', DB_LOGGING: 'TRUE', MANAGER_LOGIN: '77', INAPP: 'true' } });
    expect(c.server.port).toBe(4400);
    expect(c.database.migrationsRun).toBe(false);
    expect(c.database.logging).toBe(true);
    expect(c.brokers[0].ctrader.managerLogin).toBe(77);
    expect(c.brokers[0].inappTokenEnabled).toBe(true);
  });

  it('a text field keeps its text exactly (leading zeros, digits only)', () => {
    expect(loadConfig({ file, env: { CRM: '0123' } }).brokers[0].brokerCrmName).toBe('0123');
  });

  it('an empty substitution counts as not set: the field keeps its default', () => {
    const c = loadConfig({ file, env: {} });
    expect(c.redisUrl).toBeUndefined();
    const emptyPort = loadConfig({ file: yamlWith({ server: ['  port: ${PORT:-}'] }), env: {} });
    expect(emptyPort.server.port).toBe(3000);
  });

  it('a default may hold substitutions of its own: ${BASE_URL:-http://localhost:${PORT:-3000}}', () => {
    const nested = yamlWith({ server: ['  port: 3000', '  baseUrl: ${BASE_URL:-http://localhost:${PORT:-3000}}'] });
    expect(loadConfig({ file: nested, env: {} }).server.baseUrl).toBe('http://localhost:3000');
    expect(loadConfig({ file: nested, env: { PORT: '4400' } }).server.baseUrl).toBe('http://localhost:4400');
    expect(loadConfig({ file: nested, env: { PORT: '4400', BASE_URL: 'https://crm.example.com' } }).server.baseUrl).toBe('https://crm.example.com');
    const missing = problemsOf(() => loadConfig({ file: yamlWith({ server: ['  port: 3000', '  baseUrl: ${BASE_URL:-http://${DEMO_HOST}}'] }), env: {} }));
    expect(missing).toEqual(expect.arrayContaining([expect.stringMatching(/^server\.baseUrl: environment variable DEMO_HOST is not set/)]));
  });

  it('text that is not a number or a boolean is reported by the field, never guessed', () => {
    const problems = problemsOf(() => loadConfig({ file, env: { PORT: '80a', MIGRATIONS_RUN: 'maybe', INAPP: '2', MANAGER_LOGIN: 'two' } }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^server\.port: .*integer/),
        expect.stringMatching(/^database\.migrationsRun: .*boolean/),
        expect.stringMatching(/^brokers\[0\]\.inappTokenEnabled: .*boolean/),
        expect.stringMatching(/^brokers\[0\]\.ctrader\.managerLogin: .*integer/),
      ]),
    );
  });

  it('PORT and SIMULATOR_PORT from the environment are validated like the YAML values', () => {
    expect(loadConfig({ file, env: { PORT: '5000', SIMULATOR_PORT: '5001' } }).simulator.port).toBe(5001);
    expect(problemsOf(() => loadConfig({ file, env: { PORT: 'eighty' } }))).toEqual(expect.arrayContaining([expect.stringMatching(/^server\.port: /)]));
  });

  it('JOBS_*, HOUSEKEEPING_AUTOSTART, SCREENS_RELOAD and DATA_DIR reach AppConfig through the loader, checked by the schema', () => {
    const c = loadConfig({
      file,
      env: {
        JOBS_AUTOSTART: 'off',
        JOBS_BATCH_SIZE: '32',
        JOBS_BACKOFF_MAX_MS: '300',
        HOUSEKEEPING_AUTOSTART: 'false',
        SCREENS_RELOAD: '1',
        DATA_DIR: '/srv/cbi',
      },
    });
    expect(c.jobs).toMatchObject({ autoStart: false, batchSize: 32, backoffMaxMs: 300, concurrency: 8 });
    expect(c.housekeeping.autoStart).toBe(false);
    expect(c.screens.reloadTemplates).toBe(true);
    expect(c.dataDir).toBe('/srv/cbi');
    expect(c.brokers[0].kyc.storageDir).toBe('/srv/cbi/kyc');
    const defaults = loadConfig({ file, env: {} });
    expect(defaults.jobs.autoStart).toBe(true);
    expect(defaults.brokers[0].kyc.storageDir).toBe('data/kyc');
    expect(problemsOf(() => loadConfig({ file, env: { JOBS_BATCH_SIZE: 'many', JOBS_LEASE_MS: '5' } }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^jobs\.batchSize: /), expect.stringMatching(/^jobs\.leaseMs: /)]),
    );
  });
});
