import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { loadConfig } from '../../src/config/config-loader';
import { hashPasswordSync } from '../../src/lib/crypto/password-hash';
import { http, startTestApp, TestApp } from '../support/test-app';
import { freshDatabase } from '../support/test-database';
import { recordSecret } from '../support/test-run-records';

const EXAMPLE = join(__dirname, '../../config/production.example.yaml');
const SECRETS_DIR = '/run/secrets/';
const CRM_PASSWORD = 'the-4.1-password-agreed-with-spotware';
/** Every secret file the example references (`{ file: /run/secrets/NAME }`), as deploy/generate-secrets.sh makes them. */
const SECRET_FILES: Record<string, string> = Object.fromEntries(
  [...readFileSync(EXAMPLE, 'utf8').matchAll(/\{ file: \/run\/secrets\/([a-z_]+) \}/g)].map(([, name]) => [
    name,
    name === 'invite_webhook_credential' ? `ctrader-invite:${randomBytes(24).toString('hex')}` : randomBytes(32).toString('hex'),
  ]),
);
for (const v of [CRM_PASSWORD, ...Object.values(SECRET_FILES), 'smtp-password-from-env']) recordSecret(v);

/** The documented variables (README "Production"), and nothing else. */
function documentedEnv(): NodeJS.ProcessEnv {
  const db = freshDatabase();
  return {
    NODE_ENV: 'production',
    BASE_URL: 'https://crm.example.com',
    DATABASE_URL: db.url,
    ...(db.schema ? { DATABASE_SCHEMA: db.schema } : {}),
    SMTP_HOST: 'smtp.example.com',
    SMTP_USER: 'mailer',
    SMTP_PASSWORD: 'smtp-password-from-env',
  };
}

/**
 * config/production.example.yaml boots in production mode (issue #18) with the documented variables and secret files,
 * once the operator has done the one documented edit: the 4.1 password hash (npm run admin -- hash-password). The
 * secret files live where the container mounts them; here a temporary directory stands in for /run/secrets.
 */
describe('config/production.example.yaml in production mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbi-prod-example-'));
  const secrets = join(dir, 'secrets');
  let t: TestApp | undefined;

  const operatorCopy = (replaceHash: boolean): string => {
    let yaml = readFileSync(EXAMPLE, 'utf8').split(SECRETS_DIR).join(`${secrets}/`);
    // The operator's documented edits (README "Production"): the 4.1 hash and the bank details of the wire instructions.
    if (replaceHash)
      yaml = yaml
        .replace(/scrypt\$16384\$8\$1\$REPLACE_WITH_SALT\$REPLACE_WITH_HASH/g, hashPasswordSync(CRM_PASSWORD))
        .replace('REPLACE_WITH_IBAN', 'CY00 0000 0000 0000 0000 0000 0000')
        .replace('REPLACE_WITH_BIC', 'EXAMCY2N');
    const file = join(dir, replaceHash ? 'production.yaml' : 'as-shipped.yaml');
    writeFileSync(file, yaml);
    return file;
  };

  beforeAll(() => {
    mkdirSync(secrets, { recursive: true });
    for (const [name, value] of Object.entries(SECRET_FILES)) writeFileSync(join(secrets, name), `${value}\n`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('as shipped, it is refused: each placeholder (the 4.1 hash, the bank details) is named, and nothing else', () => {
    let problems: string[] = [];
    try {
      loadConfig({ file: operatorCopy(false), env: documentedEnv() });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems;
    }
    expect(problems.length).toBeGreaterThan(0);
    // Each problem is a placeholder, or the placeholder 4.1 hash failing the hash rules as well.
    expect(problems.filter((p) => !p.includes('placeholder') && !p.startsWith('brokers[0].crmApiPasswords'))).toEqual([]);
    expect(problems.join('\n')).toContain('crmApiPasswords');
    expect(problems.join('\n')).toContain('depositInstructions');
  });

  it('with the placeholders replaced, it validates and the server boots in production mode; nothing from the demo is left', async () => {
    const config = loadConfig({ file: operatorCopy(true), env: documentedEnv() });
    expect(config.server.production).toBe(true);
    expect(config.server.port).toBe(3000);
    expect(config.demoSecrets).toEqual([]);
    expect(config.brokers[0].ctrader.managerPassword).toBe(SECRET_FILES.ct_manager_password);
    expect(config.loginProtection.deviceCookieSecret).toBe(SECRET_FILES.device_cookie_secret);
    t = await startTestApp(config);
    const live = await http(`${t.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    // Production: plain HTTP to a screen is redirected to HTTPS, never served.
    const screen = await fetch(`${t.baseUrl}/auth/login?brokerName=example_broker`, { redirect: 'manual' });
    expect(screen.status).toBe(308);
  });
});
