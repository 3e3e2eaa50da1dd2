import { AppConfig } from './app-config';
import { ConfigError } from './config-error';

/** Reads the configuration again from where the boot read it (YAML, environment, secret files); throws ConfigError. */
export type ConfigSource = () => AppConfig;

/**
 * Fits a freshly read configuration to this running process before it is applied (for example: brokers on the
 * embedded simulator get its address, as at boot). Returns the problems that forbid applying it.
 */
export type ReloadPreparer = (next: AppConfig) => string[];

export interface BrokerChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export type ReloadOutcome = { ok: true; changes: BrokerChanges } | { ok: false; problems: string[] };

/**
 * Deployment settings that the process reads once at boot (listener, database, Nest modules, Redis, logger, mail
 * transport, token lifetimes, login protection, bootstrap key, job worker, data directory). A reload that changes one of them is refused: it
 * would look applied and not be. Broker settings are what a reload changes.
 */
export const RESTART_ONLY_SETTINGS = [
  'server',
  'database',
  'redisUrl',
  'logLevel',
  'modules',
  'tokens',
  'simulator',
  'admin',
  'mail',
  'loginProtection',
] as const;

/**
 * The current configuration. A reload (SIGHUP, POST /admin/config/reload) replaces the snapshot as a whole, or not at
 * all: code that must follow a reload reads `current` per request (BrokerRegistry does, so every BrokerContext is the
 * current broker) and never keeps a broker's settings from construction. The injected `AppConfig` is the boot
 * snapshot: use it only for RESTART_ONLY_SETTINGS.
 */
export class AppConfigHolder {
  private snapshot: AppConfig;
  private readonly preparers: ReloadPreparer[] = [];

  constructor(
    boot: AppConfig,
    private readonly source?: ConfigSource,
  ) {
    this.snapshot = boot;
  }

  get current(): AppConfig {
    return this.snapshot;
  }

  addPreparer(preparer: ReloadPreparer): void {
    this.preparers.push(preparer);
  }

  /** Reads, validates and applies the configuration; on any problem the current one stays and every problem is returned. */
  reload(): ReloadOutcome {
    if (!this.source) return { ok: false, problems: ['this process was started with a configuration object, not a file: there is nothing to re-read'] };
    let next: AppConfig;
    try {
      next = this.source();
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, problems: error.problems };
      return { ok: false, problems: [`reading the configuration failed: ${(error as Error).message}`] };
    }
    const problems = this.preparers.flatMap((prepare) => prepare(next));
    problems.push(...restartOnlyChanges(this.snapshot, next));
    if (problems.length > 0) return { ok: false, problems };
    const changes = brokerChanges(this.snapshot, next);
    this.snapshot = next;
    return { ok: true, changes };
  }
}

function restartOnlyChanges(current: AppConfig, next: AppConfig): string[] {
  // Compared by value, never printed: some of these hold resolved secrets.
  return RESTART_ONLY_SETTINGS.filter((key) => fingerprint(current[key]) !== fingerprint(next[key])).map(
    (key) => `${key}: changed, and this setting is read at boot only; restart the process to apply it (a reload applies broker settings)`,
  );
}

function brokerChanges(current: AppConfig, next: AppConfig): BrokerChanges {
  const before = new Map(current.brokers.map((b) => [b.brokerName, fingerprint(b)]));
  const after = new Map(next.brokers.map((b) => [b.brokerName, fingerprint(b)]));
  return {
    added: [...after.keys()].filter((name) => !before.has(name)),
    removed: [...before.keys()].filter((name) => !after.has(name)),
    changed: [...after.keys()].filter((name) => before.has(name) && before.get(name) !== after.get(name)),
  };
}

/** A comparable form of a broker's settings (Sets and Maps as arrays, which JSON.stringify would show as {}). */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Set ? [...v] : v instanceof Map ? [...v.entries()] : v));
}
