import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Issue #5: a config combining Light identity with Embedded cTrader Web or ribbons fails at boot, and the error
 * says why and what to do. Runs the built server (`dist/src/main.js`, what `npm start` runs) with such a config.
 */
describe('boot refuses an incompatible Light-identity configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbi-li-boot-'));

  function boot(brokerModules: string[]) {
    const file = join(dir, `${brokerModules.join('-')}.yaml`);
    writeFileSync(
      file,
      [
        `database: { url: "sqlite:${join(dir, 'app.sqlite')}" }`,
        'modules: [fullSso, lightIdentity, inappActions, inappControls, partnerAttribution, embeddedWeb]',
        'brokers:',
        '  - brokerName: light_broker',
        '    brokerCrmName: light_crm',
        `    modules: [${brokerModules.join(', ')}]`,
        '    ctrader: { url: "https://ct.example.com:5000", managerLogin: 2309, managerPassword: { env: LI_BOOT_TEST_PW, default: x } }',
        '    ctraderWebUrl: https://web.example.com',
        '    branding: { name: Light, legalEntity: Light Ltd }',
      ].join('\n'),
    );
    return spawnSync(process.execPath, ['dist/src/main.js'], {
      env: { ...process.env, CONFIG_FILE: file, DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 30000,
    });
  }

  it('Light identity + Embedded cTrader Web + ribbons: exit 1, each problem with its reason and remedy', () => {
    const r = boot(['lightIdentity', 'inappActions', 'embeddedWeb', 'inappControls']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Invalid configuration \(2 problems\)/);
    expect(r.stderr).toContain('brokers[0].modules: embeddedWeb needs fullSso, so it cannot be combined with lightIdentity');
    expect(r.stderr).toContain('brokers[0].modules: inappControls (ribbons) cannot be combined with lightIdentity');
    expect(r.stderr).toContain('or move this broker to Full SSO by replacing lightIdentity with fullSso');
    expect(r.stdout).not.toContain('is listening');
  });

  it('Light identity + Full SSO: exit 1 with the explanation', () => {
    const r = boot(['lightIdentity', 'fullSso']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('fullSso and lightIdentity cannot both be on for one broker');
  });
});
