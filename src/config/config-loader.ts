import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { parse as parseYaml } from 'yaml';
import { AppConfig } from './app-config';
import { ConfigError } from './config-error';
import { moduleCompatibilityProblems } from './module-compatibility';
import { productionProblems } from './production-rules';
import { isSecretRef, MASK, resolveSecret } from './secret-ref';
import { secretFieldsOf } from './secret';
import { isAbsoluteUrl, maskUrlCredentials } from '../lib/redaction/url-credentials';

export { DEMO_CRM_PASSWORD } from './production-rules';

export const DEFAULT_CONFIG_FILE = resolve(__dirname, '../../../config/default.yaml');

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** YAML file; default: $CONFIG_FILE or config/default.yaml. */
  file?: string;
  /** Raw values merged over the file (tests). Arrays replace. */
  overrides?: Record<string, unknown>;
}

/** Loads YAML + environment, resolves secret references, validates everything and throws one ConfigError. */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env.CONFIG_FILE ?? locateDefaultConfig();
  const problems: string[] = [];
  let raw: Record<string, unknown> = {};
  try {
    const parsed = (parseYaml(readFileSync(file, 'utf8')) as unknown) ?? {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) problems.push(`${file}: the top level must be a mapping`);
    else raw = parsed as Record<string, unknown>;
  } catch (e) {
    problems.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  raw = interpolateEnv(raw, env, problems, '') as Record<string, unknown>;
  raw = deepMerge(raw, envOverrides(env));
  if (options.overrides) raw = deepMerge(raw, options.overrides);
  return buildConfig(raw, env, problems);
}

/** Validates an already assembled raw object (also used by tests). */
export function buildConfig(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env, earlier: string[] = []): AppConfig {
  const problems = [...earlier];
  const demoSecrets: string[] = [];
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  // The classes say which settings are secrets (@Secret): their references are resolved on the typed tree.
  resolveSecrets(config, env, problems, demoSecrets, '');
  const errors = validateSync(config, { whitelist: true, forbidNonWhitelisted: true });
  problems.push(...flattenValidationErrors(errors, ''));
  // Cross-field rules run even when single fields failed, so the operator sees everything in one boot.
  problems.push(...crossCheck(config, demoSecrets));
  if (problems.length > 0) throw new ConfigError(problems);
  config.demoSecrets = demoSecrets;
  config.server.baseUrl ??= `http://localhost:${config.server.port}`;
  for (const b of config.brokers) b.kyc.storageDir ??= join(config.dataDir, 'kyc');
  return config;
}

function locateDefaultConfig(): string {
  const fromCwd = join(process.cwd(), 'config/default.yaml');
  return existsSync(fromCwd) ? fromCwd : DEFAULT_CONFIG_FILE;
}

/** Environment variables a deployment sets without editing YAML (twelve-factor). */
function envOverrides(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const server: Record<string, unknown> = {};
  // Text like every environment value: the number fields convert it (@NumberFromText) and report what is not a number.
  if (env.PORT) server.port = env.PORT;
  if (env.HOST) server.host = env.HOST;
  if (env.BASE_URL) server.baseUrl = env.BASE_URL;
  if (env.NODE_ENV === 'production') server.production = true;
  if (Object.keys(server).length) o.server = server;
  const database: Record<string, unknown> = {};
  if (env.DATABASE_URL) database.url = env.DATABASE_URL;
  if (env.DATABASE_SCHEMA) database.schema = env.DATABASE_SCHEMA;
  if (Object.keys(database).length) o.database = database;
  if (env.REDIS_URL) o.redisUrl = env.REDIS_URL;
  if (env.LOG_LEVEL) o.logLevel = env.LOG_LEVEL;
  if (env.SIMULATOR_PORT) o.simulator = { port: env.SIMULATOR_PORT };
  if (env.DATA_DIR) o.dataDir = env.DATA_DIR;
  return deepMerge(o, tuningFromEnv(env));
}

/** Environment variables of the operational tuning sections, mapped to their settings (the schema converts and checks them). */
const TUNING_VARIABLES: ReadonlyArray<[variable: string, section: 'jobs' | 'housekeeping' | 'screens', setting: string]> = [
  ['JOBS_AUTOSTART', 'jobs', 'autoStart'],
  ['JOBS_POLL_INTERVAL_MS', 'jobs', 'pollIntervalMs'],
  ['JOBS_BATCH_SIZE', 'jobs', 'batchSize'],
  ['JOBS_CONCURRENCY', 'jobs', 'concurrency'],
  ['JOBS_LEASE_MS', 'jobs', 'leaseMs'],
  ['JOBS_BACKOFF_BASE_MS', 'jobs', 'backoffBaseMs'],
  ['JOBS_BACKOFF_MAX_MS', 'jobs', 'backoffMaxMs'],
  ['JOBS_SHUTDOWN_GRACE_MS', 'jobs', 'shutdownGraceMs'],
  ['JOBS_MAX_ATTEMPTS', 'jobs', 'maxAttempts'],
  ['HOUSEKEEPING_AUTOSTART', 'housekeeping', 'autoStart'],
  ['SCREENS_RELOAD', 'screens', 'reloadTemplates'],
];

/** The job worker, housekeeping and screen-template settings set by environment variables (also used by the test harness). */
export function tuningFromEnv(env: NodeJS.ProcessEnv): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [variable, section, setting] of TUNING_VARIABLES) {
    const value = env[variable];
    if (value !== undefined && value !== '') (out[section] ??= {})[setting] = value;
  }
  return out;
}

const WHOLE_SUBSTITUTION = /^\$\{[A-Z0-9_]+(:-.*)?\}$/s;

/**
 * `${VAR}` and `${VAR:-default}` inside YAML strings, where a default may itself hold substitutions
 * (`${BASE_URL:-http://localhost:${PORT:-3000}}`); DATA_DIR defaults to ./data. The result is text; number and
 * boolean fields convert it (@NumberFromText). A value that is one substitution and comes out empty (`${REDIS_URL:-}`)
 * counts as not set, so the field keeps its default.
 */
function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, problems: string[], path: string): unknown {
  if (typeof value === 'string') {
    const text = substitute(value, env, (name) => problems.push(`${path || '(root)'}: environment variable ${name} is not set`));
    return text === '' && WHOLE_SUBSTITUTION.test(value) ? undefined : text;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateEnv(v, env, problems, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, problems, path ? `${path}.${k}` : k)]));
  }
  return value;
}

/**
 * One pass over `text`: each `${NAME}` or `${NAME:-default}` is replaced by the variable, else by its default
 * (substituted in turn, so defaults nest), else reported missing. A `${` that does not start a well-formed
 * substitution (no closing brace, lower-case name) is kept as written. Hand-written because shell-style nesting
 * is all we need and the envsubst-like packages either lack nested defaults or expand far more (commands, arrays).
 */
function substitute(text: string, env: NodeJS.ProcessEnv, missing: (name: string) => void): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) break;
    out += text.slice(i, start);
    const name = /^[A-Z0-9_]+/.exec(text.slice(start + 2))?.[0];
    const afterName = start + 2 + (name?.length ?? 0);
    const end = name ? closingBrace(text, afterName) : -1;
    if (!name || end < 0 || (text[afterName] !== '}' && !text.startsWith(':-', afterName))) {
      out += '${';
      i = start + 2;
      continue;
    }
    const v = env[name] ?? (name === 'DATA_DIR' ? './data' : undefined);
    if (v !== undefined && v !== '') out += v;
    else if (text[afterName] === '}') missing(name);
    else out += substitute(text.slice(afterName + 2, end), env, missing);
    i = end + 1;
  }
  return out + text.slice(i);
}

/** The index of the `}` that closes the substitution whose name ends at `from` (nested `${…}` skipped), or -1. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let j = from; j < text.length; j++) {
    if (text.startsWith('${', j)) {
      depth++;
      j++;
    } else if (text[j] === '}') {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

function resolveSecrets(value: unknown, env: NodeJS.ProcessEnv, problems: string[], demo: string[], path: string): void {
  if (Array.isArray(value)) return value.forEach((v, i) => resolveSecrets(v, env, problems, demo, `${path}[${i}]`));
  if (value instanceof Map) return value.forEach((v, k) => resolveSecrets(v, env, problems, demo, `${path}.${String(k)}`));
  if (!value || typeof value !== 'object') return;
  const secrets = secretFieldsOf(value);
  const fields = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(fields)) {
    const p = path ? `${path}.${key}` : key;
    const secret = secrets.get(key);
    if (!secret) {
      resolveSecrets(v, env, problems, demo, p);
      continue;
    }
    if (secret.literal || v === undefined || v === null) continue;
    delete fields[key];
    if (!isSecretRef(v)) {
      problems.push(`${p}: secrets are given by reference ({ env: NAME } or { file: PATH }), never literally`);
      continue;
    }
    const r = resolveSecret(v, env);
    if (r === null) continue;
    if (typeof r === 'string') problems.push(`${p}: ${r}`);
    else {
      fields[key] = r.value;
      if (r.isDefault) demo.push(p);
    }
  }
}

function flattenValidationErrors(errors: ValidationError[], parent: string): string[] {
  const lines: string[] = [];
  for (const e of errors) {
    const path = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const [constraint, msg] of Object.entries(e.constraints ?? {})) {
      lines.push(constraint === 'whitelistValidation' ? `${path}: unknown setting` : `${path}: ${msg}`);
    }
    if (e.children?.length) lines.push(...flattenValidationErrors(e.children, path));
  }
  return lines;
}

function crossCheck(config: AppConfig, demoSecrets: string[]): string[] {
  const problems: string[] = [];
  const deployed = new Set(Array.isArray(config.modules) ? config.modules : []);
  const names = new Set<string>();
  const hosts = new Map<string, string>();
  const crmNames = new Map<string, Set<string>>();
  // Keep each broker's own index for the problem paths; skip entries too broken to cross-check.
  const brokers = (Array.isArray(config.brokers) ? config.brokers : [])
    .map((b, i) => ({ b, i }))
    .filter(({ b }) => b && Array.isArray(b.modules) && Array.isArray(b.hosts) && Array.isArray(b.crmApiPasswords));
  brokers.forEach(({ b, i }) => {
    const path = `brokers[${i}]`;
    if (names.has(b.brokerName)) problems.push(`${path}.brokerName: ${b.brokerName} is configured twice`);
    names.add(b.brokerName);
    for (const m of b.modules) {
      if (!deployed.has(m)) problems.push(`${path}.modules: ${m} is not in the deployment's modules list, so it is not loaded; add it there or remove it here`);
    }
    problems.push(...moduleCompatibilityProblems(b, path));
    for (const h of b.hosts) {
      const owner = hosts.get(h.toLowerCase());
      if (owner) problems.push(`${path}.hosts: ${h} is already mapped to ${owner}`);
      hosts.set(h.toLowerCase(), b.brokerName);
    }
    // Brokers sharing one CRM must agree on the 4.1 passwords: 4.1 authenticates the CRM, not a broker.
    const pw = crmNames.get(b.brokerCrmName);
    const mine = new Set(b.crmApiPasswords);
    if (pw && b.crmApiPasswords.length && [...mine].some((h) => !pw.has(h))) {
      problems.push(`${path}.crmApiPasswords: brokers sharing brokerCrmName ${b.brokerCrmName} must list the same 4.1 password hashes`);
    }
    if (!pw && b.crmApiPasswords.length) crmNames.set(b.brokerCrmName, mine);
  });
  if (config.server?.production) problems.push(...productionProblems(config, demoSecrets));
  if (config.server?.production && config.webhooks?.allowPrivateTargets)
    problems.push('webhooks.allowPrivateTargets: production mode refuses it (the SSRF guard stays on)');
  return problems;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/**
 * A copy for display (admin API, logs): every secret (a field marked @Secret on its config class) replaced by a mask, and the credentials of every URL-valued
 * setting anywhere in the tree (database, redis, SMTP, webhook, provider URLs) masked too — the userinfo password
 * and credential-named query parameters — judged by the value, not by a list of key names (issue #17).
 */
export function maskedConfig(config: AppConfig): Record<string, unknown> {
  const mask = (value: unknown): unknown => {
    if (typeof value === 'string') return isAbsoluteUrl(value) ? maskUrlCredentials(value, MASK) : value;
    if (Array.isArray(value)) return value.map(mask);
    // Sets and Maps (e.g. customActions.actions) have no own enumerable entries: Object.entries showed them as {}.
    if (value instanceof Set) return [...value].map(mask);
    if (!value || typeof value !== 'object') return value;
    const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
    const secrets = secretFieldsOf(value);
    return Object.fromEntries(entries.map(([k, v]) => [k, secrets.has(k) ? (Array.isArray(v) ? v.map(() => MASK) : MASK) : mask(v)]));
  };
  return mask(config) as Record<string, unknown>;
}

export function resolveDataPath(url: string): string {
  const file = url.replace(/^sqlite:/, '');
  return isAbsolute(file) ? file : resolve(process.cwd(), file);
}
