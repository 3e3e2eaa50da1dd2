import { AppConfig } from './app-config';
import { verifyPasswordHashSync } from '../lib/crypto/password-hash';

/** The password of the demo broker's 4.1 (documented in the README); production refuses a hash of it. */
export const DEMO_CRM_PASSWORD = 'demo-crm-password';

/**
 * Values that exist only for the demo (config/default.yaml, README, the simulator): production mode refuses each one
 * wherever it appears in the resolved config, however it got there (YAML, environment, secret file).
 */
const DEMO_VALUES: ReadonlyArray<{ value: string; what: string }> = [
  { value: DEMO_CRM_PASSWORD, what: 'the demo 4.1 password' },
  { value: 'demo-manager-password', what: 'the demo cTrader manager password' },
  { value: 'ctrader-invite:demo-invite-secret', what: 'the demo invite webhook credential' },
  { value: 'demo_broker', what: "the demo broker's name" },
  { value: 'demo_light', what: "the demo broker's name" },
  { value: 'demo_crm', what: "the demo broker's CRM name" },
  { value: 'demo_li_crm', what: "the demo broker's CRM name" },
  { value: 'no-reply@demo-broker.example', what: 'the demo sender address' },
];

/** Pieces of demo texts (the demo regulator line, the demo bank details) refused inside any text. */
const DEMO_TEXT_PIECES: ReadonlyArray<{ piece: string; what: string }> = [
  { piece: 'Demo Financial Services Authority', what: "the demo broker's regulatory line" },
  { piece: 'DEMOCY2N', what: "the demo broker's bank details" },
];

/** The placeholders of config/production.example.yaml (`REPLACE_WITH_SALT`…): left in, they mean a step was skipped. */
const PLACEHOLDER = /REPLACE_WITH|CHANGE_?ME/i;

/** Where the simulator serves its pages (Embedded cTrader Web, the app side): a demo address, never a broker's. */
const SIMULATOR_PATH = /^\/(ctrader-web|app|__sim)(\/|$)/;

/** What `npm run admin -- hash-password` makes: N ≥ 2^14, a 16-byte salt and a 32-byte key. A placeholder or a typo has less. */
const MIN_SCRYPT_N = 16384;
const MIN_SALT_BYTES = 16;
const MIN_KEY_BYTES = 32;

/**
 * Production mode refuses demo secrets, placeholder values, the demo's identities and texts, simulator and loopback
 * addresses in broker settings, the outbox mail transport and a plain-HTTP base URL. Every problem is returned, with
 * its path; the values themselves are never repeated (some are secrets).
 */
export function productionProblems(config: AppConfig, demoSecrets: string[]): string[] {
  const problems: string[] = [];
  for (const p of demoSecrets) problems.push(`${p}: production mode refuses a demo secret; set the environment variable or file`);
  forEachString(config, '', (value, path) => {
    if (path === 'demoSecrets' || path.startsWith('demoSecrets[')) return;
    if (PLACEHOLDER.test(value)) problems.push(`${path}: production mode refuses a placeholder value; replace it (see config/production.example.yaml)`);
    for (const d of DEMO_VALUES) if (value === d.value) problems.push(`${path}: production mode refuses ${d.what}`);
    for (const d of DEMO_TEXT_PIECES) if (value.includes(d.piece)) problems.push(`${path}: production mode refuses ${d.what}`);
  });
  const brokers = Array.isArray(config.brokers) ? config.brokers : [];
  brokers.forEach((b, i) => {
    if (!b) return;
    const path = `brokers[${i}]`;
    const hashes = Array.isArray(b.crmApiPasswords) ? b.crmApiPasswords : [];
    if (hashes.length === 0) problems.push(`${path}.crmApiPasswords: production mode needs at least one 4.1 password hash (npm run admin -- hash-password)`);
    hashes.forEach((h, j) => {
      if (typeof h !== 'string') return;
      if (!isFullStrengthHash(h))
        problems.push(`${path}.crmApiPasswords[${j}]: not a hash made by npm run admin -- hash-password (cost, salt or key too small)`);
      else if (verifyPasswordHashSync(DEMO_CRM_PASSWORD, h)) problems.push(`${path}.crmApiPasswords[${j}]: production mode refuses the demo 4.1 password`);
    });
    if (b.ctrader?.url === 'simulator') problems.push(`${path}.ctrader.url: production mode needs a real cTrader host, not the simulator`);
    forEachString(b, path, (value, p) => {
      const url = absoluteHttpUrl(value);
      if (!url) return;
      if (isLoopback(url.hostname)) problems.push(`${p}: production mode refuses a loopback address (a demo or simulator URL)`);
      else if (SIMULATOR_PATH.test(url.pathname) && p.endsWith('.ctraderWebUrl')) problems.push(`${p}: production mode refuses the simulator's page`);
    });
  });
  if (config.simulator?.embedded) problems.push('simulator.embedded: production mode does not start the built-in cTrader simulator');
  if (!String(config.server?.baseUrl ?? '').startsWith('https://')) problems.push('server.baseUrl: production mode needs an https:// base URL');
  if (config.mail?.transport === 'outbox') {
    problems.push(
      'mail.transport: production mode refuses the outbox transport (it sends nothing and keeps every message, reset links included, in the database); set mail.transport: smtp and mail.smtp',
    );
  }
  return problems;
}

function isFullStrengthHash(hash: string): boolean {
  const parts = hash.split('$');
  if (parts.length !== 6 || !(Number(parts[1]) >= MIN_SCRYPT_N)) return false;
  return Buffer.from(parts[4], 'base64url').length >= MIN_SALT_BYTES && Buffer.from(parts[5], 'base64url').length >= MIN_KEY_BYTES;
}

function absoluteHttpUrl(value: string): URL | null {
  if (!/^https?:\/\//i.test(value)) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0';
}

/** Every string in the tree with its config path (Maps and Sets included: customActions.actions is a Map). */
function forEachString(value: unknown, path: string, visit: (value: string, path: string) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value) || value instanceof Set) [...value].forEach((v, i) => forEachString(v, `${path}[${i}]`, visit));
  else if (value instanceof Map) for (const [k, v] of value) forEachString(v, `${path}.${String(k)}`, visit);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) forEachString(v, path ? `${path}.${k}` : k, visit);
}
