import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStandaloneSettings } from './standalone-config';

describe('loadStandaloneSettings', () => {
  it('defaults to the demo broker on 127.0.0.1:3100 without an app side', () => {
    const settings = loadStandaloneSettings({});
    expect(settings.port).toBe(3100);
    expect(settings.host).toBe('127.0.0.1');
    expect(settings.options.brokers).toEqual([
      { brokerCrmName: 'demo_crm', brokerNames: ['demo_broker'], managerLogin: 2309, managerPassword: 'demo-manager-password' },
    ]);
    expect(settings.brokerServer).toBeNull();
  });

  it('takes the manager password and the broker server from the environment', () => {
    const settings = loadStandaloneSettings({
      SIMULATOR_PORT: '0',
      SIMULATOR_HOST: '0.0.0.0',
      SIM_MANAGER_PASSWORD: 'from-env',
      BROKER_SERVER_URL: 'http://127.0.0.1:3000',
      BROKER_SERVER_PASSWORD: 'pw',
    });
    expect(settings.port).toBe(0);
    expect(settings.host).toBe('0.0.0.0');
    expect(settings.options.brokers[0].managerPassword).toBe('from-env');
    expect(settings.brokerServer).toEqual({
      baseUrl: 'http://127.0.0.1:3000',
      password: 'pw',
      brokerName: 'demo_broker',
      brokerCrmName: 'demo_crm',
    });
  });

  it('reads brokers from YAML and expands ${VAR} and ${VAR:-default}', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-config-'));
    const file = join(dir, 'sim.yaml');
    writeFileSync(
      file,
      [
        'brokers:',
        '  - brokerCrmName: crm_x',
        '    brokerNames: [broker_x, broker_x_wl]',
        '    managerLogin: "77"',
        '    managerPassword: ${X_PASSWORD}',
        '    groups: [Default, Pro]',
        '  - brokerCrmName: crm_y',
        '    brokerNames: [broker_y]',
        '    managerLogin: 78',
        '    managerPassword: ${Y_PASSWORD:-fallback}',
        'rateLimit: { nonGetPerWindow: 5, windowMs: 1000 }',
      ].join('\n'),
    );
    const settings = loadStandaloneSettings({ SIMULATOR_CONFIG: file, X_PASSWORD: 'x-secret' });
    expect(settings.options.brokers).toEqual([
      { brokerCrmName: 'crm_x', brokerNames: ['broker_x', 'broker_x_wl'], managerLogin: 77, managerPassword: 'x-secret', groups: ['Default', 'Pro'] },
      { brokerCrmName: 'crm_y', brokerNames: ['broker_y'], managerLogin: 78, managerPassword: 'fallback', groups: undefined },
    ]);
    expect(settings.options.rateLimit).toEqual({ nonGetPerWindow: 5, windowMs: 1000 });
    expect(() => loadStandaloneSettings({ SIMULATOR_CONFIG: file })).toThrow(/X_PASSWORD/);
  });

  it('refuses a bad port or a YAML file without brokers', () => {
    expect(() => loadStandaloneSettings({ SIMULATOR_PORT: 'abc' })).toThrow(/SIMULATOR_PORT/);
    const dir = mkdtempSync(join(tmpdir(), 'sim-config-'));
    const file = join(dir, 'empty.yaml');
    writeFileSync(file, 'foo: 1\n');
    expect(() => loadStandaloneSettings({ SIMULATOR_CONFIG: file })).toThrow(/brokers/);
  });
});
