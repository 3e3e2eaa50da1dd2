/** Configuration of the simulated cTrader backend (one entry per manager = per broker CRM login). */
export interface SimulatorBrokerConfig {
  brokerCrmName: string;
  brokerNames: string[];
  managerLogin: number;
  /** Plaintext: 3.1 compares md5(managerPassword) as hex, exactly as cTrader does. */
  managerPassword: string;
  /** Trader groups that 3.3 accepts. Default `['Default']`. */
  groups?: string[];
}

export interface SimulatorRateLimit {
  /** Non-GET calls allowed per manager login in one window; the next one gets 429. */
  nonGetPerWindow: number;
  windowMs: number;
}

export interface SimulatorOptions {
  brokers: SimulatorBrokerConfig[];
  /** Default 100000 per 60000 ms: effectively off unless a test narrows it. */
  rateLimit?: SimulatorRateLimit;
  /** moneyDigits of accounts per deposit currency (default 2 for any other), e.g. `{ JPY: 0, BTC: 8 }`. */
  moneyDigitsByCurrency?: Record<string, number>;
  /** Clock in epoch ms; tests inject one to expire tokens or roll rate-limit windows. */
  now?: () => number;
  /** Random source in [0,1) for fault probabilities; tests may inject a deterministic one. */
  random?: () => number;
  logger?: boolean;
  /** Traders per page of GET /v2/webserv/traders (default 100); `sim.listing` changes it at run time. */
  tradersPageSize?: number;
}

/** The broker server the simulated cTrader app talks to (4.x calls). */
export interface BrokerServerTarget {
  baseUrl: string;
  password: string;
  brokerName: string;
  brokerCrmName: string;
}

export const DEFAULT_RATE_LIMIT: SimulatorRateLimit = { nonGetPerWindow: 100000, windowMs: 60000 };
export const DEFAULT_GROUPS: readonly string[] = ['Default'];

/** Fails fast on a config the simulator cannot serve unambiguously (a token must map to one manager). */
export function validateSimulatorOptions(opts: SimulatorOptions): void {
  if (!Array.isArray(opts.brokers) || opts.brokers.length === 0) {
    throw new Error('Simulator needs at least one broker config');
  }
  const logins = new Set<number>();
  for (const broker of opts.brokers) {
    if (!broker.brokerCrmName || !Array.isArray(broker.brokerNames) || broker.brokerNames.length === 0) {
      throw new Error('Each simulator broker needs brokerCrmName and at least one brokerName');
    }
    if (!Number.isSafeInteger(broker.managerLogin) || broker.managerLogin <= 0) {
      throw new Error(`Invalid managerLogin for simulator broker ${broker.brokerCrmName}`);
    }
    if (typeof broker.managerPassword !== 'string' || broker.managerPassword.length === 0) {
      throw new Error(`Missing managerPassword for simulator broker ${broker.brokerCrmName}`);
    }
    if (logins.has(broker.managerLogin)) {
      throw new Error(`Duplicate managerLogin ${broker.managerLogin} in simulator config`);
    }
    logins.add(broker.managerLogin);
  }
  if (opts.tradersPageSize !== undefined && !(Number.isSafeInteger(opts.tradersPageSize) && opts.tradersPageSize > 0)) {
    throw new Error('Simulator tradersPageSize must be a positive integer');
  }
  const rl = opts.rateLimit;
  if (rl && (!(rl.nonGetPerWindow >= 0) || !(rl.windowMs > 0))) {
    throw new Error('Simulator rateLimit needs nonGetPerWindow >= 0 and windowMs > 0');
  }
}
